/**
 * The "process" runtime: a task as a host process with its own directory and logs, and the
 * {@link borgcell.borglet.runtime.process.OrphanReaper} for those a dead Borglet left running.
 */
package borgcell.borglet.runtime.process;
