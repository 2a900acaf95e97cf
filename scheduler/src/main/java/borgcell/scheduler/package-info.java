/**
 * The scheduler: a pure, deterministic library that places pending tasks on machines.
 * {@link borgcell.scheduler.Scheduler} runs one pass; {@link borgcell.scheduler.Pipeline}
 * is the one place where feasibility checks and scorers are put in order.
 */
package borgcell.scheduler;
