/**
 * Runtimes: how a task is actually run on the host (a plain process today, a microVM later),
 * behind one small interface the Borglet's supervisors drive.
 */
package borgcell.borglet.runtime;
