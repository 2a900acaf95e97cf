/**
 * Preemption: when a pending task fits nowhere, which lower-band tasks on one machine should
 * make room for it. The band rule is {@link borgcell.scheduler.PriorityBand#mayPreempt};
 * {@link borgcell.scheduler.preemption.VictimSelection} picks the fewest, cheapest victims.
 */
package borgcell.scheduler.preemption;
