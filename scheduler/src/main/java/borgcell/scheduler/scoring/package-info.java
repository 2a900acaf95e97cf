/**
 * Scorers: among the machines that can take a task, which is best? Each scorer is one class
 * with one preference; {@link borgcell.scheduler.Pipeline} sums them.
 */
package borgcell.scheduler.scoring;
