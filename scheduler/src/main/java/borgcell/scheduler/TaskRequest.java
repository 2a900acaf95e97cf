package borgcell.scheduler;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One pending task: task {@code index} of {@code job}, as of {@code version}, asking for
 * {@code demand} on a machine that offers {@code runtime} and meets every constraint, placed
 * according to its job's {@code rules}, never on one of {@code avoidMachines} (the machines it
 * used up its restarts on).
 */
public record TaskRequest(String job, int index, long version, int priority, Resources demand,
                          String runtime, List<Constraint> constraints, PlacementRules rules,
                          Set<String> avoidMachines) {

    /** The order a pass considers tasks in: priority descending, then job name, then index. */
    public static final Comparator<TaskRequest> SCHEDULING_ORDER =
            Comparator.comparingInt(TaskRequest::priority).reversed()
                    .thenComparing(TaskRequest::job)
                    .thenComparingInt(TaskRequest::index);

    public TaskRequest {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(demand, "demand");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(rules, "rules");
        if (!demand.isNonNegative()) {
            // A negative demand would free room on the machine and let the pass overbook it.
            throw new IllegalArgumentException("task " + job + "/" + index + " has negative demand " + demand);
        }
        constraints = List.copyOf(constraints);
        // copyOf returns an unmodifiable set as it is: tasks avoiding nothing share Set.of().
        avoidMachines = Set.copyOf(avoidMachines);
    }

    /** A task placed by its job's rules, avoiding no machine. */
    public TaskRequest(String job, int index, long version, int priority, Resources demand,
                       String runtime, List<Constraint> constraints, PlacementRules rules) {
        this(job, index, version, priority, demand, runtime, constraints, rules, Set.of());
    }

    /** A task with no placement rules beyond its constraints. */
    public TaskRequest(String job, int index, long version, int priority, Resources demand,
                       String runtime, List<Constraint> constraints) {
        this(job, index, version, priority, demand, runtime, constraints, PlacementRules.NONE);
    }

    public PriorityBand band() {
        return PriorityBand.of(priority);
    }

    public TaskRequest withRules(PlacementRules newRules) {
        return new TaskRequest(job, index, version, priority, demand, runtime, constraints, newRules, avoidMachines);
    }

    public TaskRequest withAvoidMachines(Set<String> machines) {
        return new TaskRequest(job, index, version, priority, demand, runtime, constraints, rules, machines);
    }

    /** {@code job/index}, as messages name a task. */
    public String name() {
        return job + "/" + index;
    }
}
