/**
 * {@code borg up}: a whole cell on loopback as separate processes (five BorgMaster replicas,
 * three Borglets), its ports and directories ({@code CellLayout}), and stopping every process
 * it started, descendants included ({@code ChildProcesses}).
 */
package borgcell.cli.local;
