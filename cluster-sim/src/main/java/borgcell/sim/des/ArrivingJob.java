package borgcell.sim.des;

import borgcell.scheduler.Constraint;
import borgcell.scheduler.PlacementRules;
import borgcell.scheduler.PriorityBand;
import borgcell.scheduler.Resources;
import borgcell.sim.SimJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A job as a scenario submits it: what its tasks ask for (all alike, as in a Borg job) and how
 * long each task runs once placed, in milliseconds; {@link #SERVICE} for a task that runs
 * until the end of the run. Durations live here, not in the cell: the cell only learns that a
 * task ended, as it would from a Borglet.
 */
public record ArrivingJob(String name, String user, int priority, Resources demand, String runtime,
                          List<Constraint> constraints, PlacementRules rules, List<Long> taskMillis) {

    /** The duration of a task that never ends by itself. */
    public static final long SERVICE = -1;

    public ArrivingJob {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(demand, "demand");
        constraints = List.copyOf(constraints);
        taskMillis = List.copyOf(taskMillis);
        if (taskMillis.isEmpty()) {
            throw new IllegalArgumentException("job " + name + " has no tasks");
        }
    }

    public int tasks() {
        return taskMillis.size();
    }

    public PriorityBand band() {
        return PriorityBand.of(priority);
    }

    /**
     * A synthetic job: a service's tasks run forever; a batch job's run its {@code taskSeconds}
     * each, times a lognormal jitter (sigma 0.3) so that they do not all end in the same instant.
     */
    public static ArrivingJob of(SimJob job, SplittableRandom jitter) {
        List<Long> millis = new ArrayList<>(job.tasks().size());
        for (int i = 0; i < job.tasks().size(); i++) {
            millis.add(job.taskSeconds() < 0 ? SERVICE
                    : Math.max(1_000, Math.round(job.taskSeconds() * 1000 * Math.exp(0.3 * jitter.nextGaussian()))));
        }
        var first = job.tasks().getFirst();
        return new ArrivingJob(job.name(), "sim", job.priority(), first.demand(), first.runtime(), first.constraints(),
                first.rules(), millis);
    }
}
