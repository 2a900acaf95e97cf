/**
 * Health checks: the Borglet probes each running task that asks for it (a command beside the
 * task, an HTTP GET, a TCP connect) on a schedule; a liveness check that keeps failing ends the
 * run as a failure, a readiness check decides whether the task reports itself ready. Results
 * reach the cell as changes only: a task's health text moves on a pass/fail transition, never
 * per probe.
 */
package borgcell.borglet.health;
