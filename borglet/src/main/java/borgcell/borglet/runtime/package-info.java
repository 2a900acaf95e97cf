/**
 * Runtimes: how a task is actually run on the host (a plain process, or a static binary in a microVM),
 * behind one small interface the Borglet's supervisors drive.
 */
package borgcell.borglet.runtime;
