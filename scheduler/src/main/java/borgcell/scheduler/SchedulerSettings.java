package borgcell.scheduler;

/**
 * How a pass searches. {@code SCALED} uses the techniques that make a 10,000-machine cell
 * cheap (equivalence classes, score caching, the free-resource index, relaxed randomization
 * stopping after {@code feasibleCandidatesLimit} feasible machines, visited in an order drawn
 * from {@code seed}); {@code EXHAUSTIVE} checks and scores every machine for every task, the
 * packing-quality baseline and the behaviour of the first scheduler.
 * {@code preemption} lets a task that fits nowhere evict lower-band tasks.
 */
public record SchedulerSettings(Mode mode, int feasibleCandidatesLimit, long seed, boolean preemption) {

    public enum Mode { EXHAUSTIVE, SCALED }

    /**
     * Feasible machines a scaled pass scores per task before it picks. Borg stops "after
     * enough"; Nomad looks at max(2, log2 n). With the index offering the likeliest winners
     * first, 32 keeps packing within a few percent of exhaustive at a small cost.
     */
    public static final int DEFAULT_FEASIBLE_CANDIDATES_LIMIT = 32;

    /** No limit: every feasible machine is scored (the scaled pass then picks what exhaustive picks). */
    public static final int NO_LIMIT = Integer.MAX_VALUE;

    public SchedulerSettings {
        java.util.Objects.requireNonNull(mode, "mode");
        if (feasibleCandidatesLimit < 1) {
            throw new IllegalArgumentException("feasibleCandidatesLimit must be at least 1, not " + feasibleCandidatesLimit);
        }
    }

    /** Every machine for every task; preemption on. */
    public static SchedulerSettings exhaustive() {
        return new SchedulerSettings(Mode.EXHAUSTIVE, NO_LIMIT, 0, true);
    }

    /** The scale techniques with the default candidate limit; preemption on. */
    public static SchedulerSettings scaled(long seed) {
        return new SchedulerSettings(Mode.SCALED, DEFAULT_FEASIBLE_CANDIDATES_LIMIT, seed, true);
    }

    public SchedulerSettings withFeasibleCandidatesLimit(int limit) {
        return new SchedulerSettings(mode, limit, seed, preemption);
    }

    public SchedulerSettings withPreemption(boolean on) {
        return new SchedulerSettings(mode, feasibleCandidatesLimit, seed, on);
    }
}
