package borgcell.scheduler;

/**
 * Borg's priority bands, highest first. A task may preempt only tasks of a strictly lower
 * band: monitoring anything below it, production batch and best effort, batch best effort.
 * Within a band nobody preempts anybody, so production never preempts production and an
 * eviction can never cascade into another eviction of the same kind.
 */
public enum PriorityBand {
    /** Priority 360 and above: the tasks that watch the cell must keep running. */
    MONITORING("monitoring", 360),
    /** 120 to 359: services users depend on. */
    PRODUCTION("production", 120),
    /** 100 to 119: finite work that can wait. */
    BATCH("batch", 100),
    /** Below 100: runs on whatever is left, first to go. */
    BEST_EFFORT("best-effort", Integer.MIN_VALUE);

    private final String label;
    private final int lowest;

    PriorityBand(String label, int lowest) {
        this.label = label;
        this.lowest = lowest;
    }

    /** The band a priority falls in. */
    public static PriorityBand of(int priority) {
        for (PriorityBand band : values()) {
            if (priority >= band.lowest) {
                return band;
            }
        }
        throw new AssertionError("BEST_EFFORT takes every priority");
    }

    /** The lowest priority in the band. */
    public int lowest() {
        return lowest;
    }

    /** Whether a task of this band may evict a task of {@code victim}'s band: only of a strictly lower one. */
    public boolean mayPreempt(PriorityBand victim) {
        return victim.ordinal() > ordinal();
    }

    /** The word users read: {@code production}. */
    public String label() {
        return label;
    }
}
