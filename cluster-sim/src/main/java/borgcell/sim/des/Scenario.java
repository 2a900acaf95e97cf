package borgcell.sim.des;

import java.util.List;

/**
 * What a run replays: machines coming and going and jobs arriving, in time order, up to
 * {@code horizonMillis} of simulated time. {@code machines} and {@code tasks} say how big it
 * is, for the report; {@code seed} is the seed it was made from (0 for a trace).
 */
public record Scenario(String source, List<SimEvent> events, long horizonMillis, int machines, int tasks, int jobs,
                       long seed) {

    public Scenario {
        events = List.copyOf(events);
        if (horizonMillis <= 0) {
            throw new IllegalArgumentException("the horizon must be positive, not " + horizonMillis + " ms");
        }
        for (SimEvent e : events) {
            if (e instanceof SimEvent.TaskEnd || e instanceof SimEvent.SchedulingPass || e instanceof SimEvent.Sample) {
                throw new IllegalArgumentException("a scenario brings machines and jobs; " + e.getClass().getSimpleName()
                        + " events are the simulation's own");
            }
        }
    }
}
