/** The "process" runtime: a task as a host process with its own directory and logs. */
package borgcell.borglet.runtime.process;
