/** Cell compaction after the Borg paper: how few machines a workload fits on, per scoring policy. */
package borgcell.sim.compaction;
