/**
 * Feasibility checks: can this machine take this task at all? Each check is one class that
 * answers for one reason, with the {@link borgcell.scheduler.feasibility.Rejection} it
 * reports; {@link borgcell.scheduler.Pipeline} puts them in order.
 */
package borgcell.scheduler.feasibility;
