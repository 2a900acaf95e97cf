/**
 * The tasks a Borglet holds: one supervisor per task (start, restart policy, kill, report) and
 * the table that reconciles them against the cell's desired set.
 */
package borgcell.borglet.task;
