package borgcell.cell;

import borgcell.api.v1.JobSpec;
import borgcell.api.v1.UpdatePolicy;

/**
 * A job's update policy with its defaults filled in: what a rolling update may do at once.
 * The defaults are Kubernetes' and Nomad's usual ones for a service: one task down at a time,
 * none above the count, five minutes for a new task to become ready, and a rollback when it
 * does not.
 */
public record UpdateRules(int maxUnavailable, int maxSurge, int canaries, boolean autoPromote,
                          long progressDeadlineMillis, boolean autoRollback) {

    public static final long DEFAULT_PROGRESS_DEADLINE_MILLIS = 300_000;

    /** The spec's rules, narrowed by its disruption budget: an update is a voluntary disruption too. */
    public static UpdateRules of(JobSpec spec) {
        UpdatePolicy p = spec.getUpdate();
        int unavailable = spec.hasUpdate() ? p.getMaxUnavailable() : 1;
        int surge = spec.hasUpdate() ? p.getMaxSurge() : 0;
        unavailable = Math.min(unavailable, DisruptionBudgets.maxDisrupted(spec));
        if (unavailable == 0 && surge == 0) {
            // A budget of 0 disruptions with no surge could never move: surge one instead.
            surge = 1;
        }
        long deadline = p.getProgressDeadlineMillis() > 0 ? p.getProgressDeadlineMillis() : DEFAULT_PROGRESS_DEADLINE_MILLIS;
        return new UpdateRules(unavailable, surge, p.getCanaries(), p.getAutoPromote(), deadline,
                !p.hasAutoRollback() || p.getAutoRollback());
    }
}
