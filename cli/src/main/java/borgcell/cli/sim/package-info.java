/** {@code borg sim}: commands that run the scheduler on simulated cells (module cluster-sim). */
package borgcell.cli.sim;
