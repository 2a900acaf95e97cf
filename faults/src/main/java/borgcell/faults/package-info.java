/**
 * Fault campaigns against a cell of real processes: {@code campaign} drives a seeded workload and
 * fault schedule, {@code history} records what every client saw, {@code check} proves (or refutes)
 * that nothing acknowledged was lost, duplicated or read out of order.
 */
package borgcell.faults;
