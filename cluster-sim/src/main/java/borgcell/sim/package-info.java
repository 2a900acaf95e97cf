/**
 * A Fauxmaster in the spirit of Borg's: the real scheduler on a simulated cell, with no
 * network and no clock of its own. {@link borgcell.sim.SyntheticWorkload} makes seeded cells
 * and workloads; {@link borgcell.sim.Bench} measures the scheduler on them.
 */
package borgcell.sim;
