/**
 * Hollow Borglets (kubemark's hollow nodes): thousands of machines in one JVM that speak the
 * real MachineLink to a real cell, run nothing, and report every task wanted of them RUNNING;
 * what {@code borg bench heartbeats} drives a cell with.
 */
package borgcell.borglet.hollow;
