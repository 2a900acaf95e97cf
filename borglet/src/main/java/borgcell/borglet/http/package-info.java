/** The Borglet's HTTP endpoints: metrics, health and task logs. */
package borgcell.borglet.http;
