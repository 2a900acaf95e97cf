package borgcell.scheduler;

import java.util.Comparator;
import java.util.Objects;

/**
 * A task already on {@code machineId}, claiming {@code demand} there (the machine's
 * {@link MachineView#allocated()} already counts it). A pass reads running tasks to count
 * them against their job's limits and to choose victims when a higher band needs room.
 */
public record PlacedTask(String job, int index, int priority, Resources demand, String machineId) {

    /** Cheapest victims first: lowest priority, then job name and index, so choices never depend on list order. */
    public static final Comparator<PlacedTask> EVICTION_ORDER =
            Comparator.comparingInt(PlacedTask::priority)
                    .thenComparing(PlacedTask::job)
                    .thenComparingInt(PlacedTask::index);

    public PlacedTask {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(demand, "demand");
        Objects.requireNonNull(machineId, "machineId");
        if (!demand.isNonNegative()) {
            throw new IllegalArgumentException("running task " + job + "/" + index + " has negative demand " + demand);
        }
    }

    public PriorityBand band() {
        return PriorityBand.of(priority);
    }

    public String name() {
        return job + "/" + index;
    }
}
