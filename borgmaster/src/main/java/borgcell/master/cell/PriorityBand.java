package borgcell.master.cell;

/** Borg's priority bands; the scheduler's rules and the metrics speak of bands, not numbers. */
public enum PriorityBand {
    MONITORING, PRODUCTION, BATCH, BEST_EFFORT;

    public static PriorityBand of(int priority) {
        if (priority >= 360) {
            return MONITORING;
        }
        if (priority >= 120) {
            return PRODUCTION;
        }
        if (priority >= 100) {
            return BATCH;
        }
        return BEST_EFFORT;
    }

    /** The label value in metrics and the REST API: {@code best_effort}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
