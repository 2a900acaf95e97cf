/**
 * Google's 2011 cluster trace format: {@link borgcell.sim.trace.TraceReader} reads
 * {@code machine_events} and {@code task_events} (plain or gzip, malformed lines reported with
 * file and line), {@link borgcell.sim.trace.TraceScenario} makes them a scenario,
 * {@link borgcell.sim.trace.TraceGenerator} writes the committed sample.
 */
package borgcell.sim.trace;
