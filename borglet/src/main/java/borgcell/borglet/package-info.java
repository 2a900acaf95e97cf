/**
 * The Borglet, the machine agent: registration, heartbeats to the BorgMaster leader and
 * reconciling the tasks it holds with what the cell wants.
 */
package borgcell.borglet;
