/**
 * Task logs on the Borglet: each task's stdout and stderr go through a pump into a file that
 * rotates at a size cap (the current file plus one older), so a chatty task cannot fill the
 * machine's disk; {@link borgcell.borglet.logs.LogFiles} reads them back for the cell's API.
 */
package borgcell.borglet.logs;
