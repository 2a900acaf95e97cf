/**
 * The discrete-event simulation: {@link borgcell.sim.des.Simulation} drives the BorgMaster's
 * deterministic {@code Cell} with the commands the API, the Borglets and the leader would
 * propose, in simulated time, from a {@link borgcell.sim.des.Scenario} (synthetic, or a trace).
 */
package borgcell.sim.des;
