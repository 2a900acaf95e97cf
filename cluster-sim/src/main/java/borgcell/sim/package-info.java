/**
 * A Fauxmaster in the spirit of Borg's: the real scheduler on a simulated cell, with no
 * network and no clock of its own. {@link borgcell.sim.SyntheticWorkload} makes seeded cells
 * and workloads; {@link borgcell.sim.Bench} measures the scheduler on them;
 * {@code borgcell.sim.des} runs the BorgMaster's own {@code Cell} in simulated time,
 * {@code borgcell.sim.trace} reads the Google 2011 trace format into it, and
 * {@code borgcell.sim.compaction} finds how few machines a workload fits on.
 */
package borgcell.sim;
