/**
 * The Borglet's metrics: task starts and exits by runtime and reason, how long a runtime takes
 * to start a task, the age of the last heartbeat; served at {@code /actuator/prometheus} by a
 * small HTTP server so that Prometheus scrapes a Borglet like a BorgMaster replica.
 */
package borgcell.borglet.metrics;
