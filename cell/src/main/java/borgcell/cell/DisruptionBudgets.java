package borgcell.cell;

import borgcell.api.v1.Job;
import borgcell.api.v1.JobSpec;
import borgcell.api.v1.Task;

/**
 * How many of a job's tasks voluntary disruptions (a drain, a rolling update, preemption of
 * non-production work) may take down at once, as Kubernetes' PodDisruptionBudget counts it: a
 * disruption is allowed while the ready tasks stay at least {@code task_count - max_disrupted}.
 * Tasks already down (pending, starting, crashed) use the budget up first.
 */
public final class DisruptionBudgets {
    private DisruptionBudgets() {
    }

    /** Tasks the spec lets be down at once; {@link Integer#MAX_VALUE} without a budget. */
    public static int maxDisrupted(JobSpec spec) {
        if (!spec.hasDisruption()) {
            return Integer.MAX_VALUE;
        }
        if (spec.getDisruption().getMaxDisrupted() > 0) {
            return spec.getDisruption().getMaxDisrupted();
        }
        int percent = spec.getDisruption().getMaxDisruptedPercent();
        if (percent <= 0) {
            return 0;
        }
        return Math.max(1, (int) ((long) spec.getTaskCount() * percent / 100));
    }

    /** How many more of the job's tasks may be disrupted now (0 or more). */
    public static int allowed(Job job) {
        int max = maxDisrupted(job.getSpec());
        if (max == Integer.MAX_VALUE) {
            return Integer.MAX_VALUE;
        }
        return Math.max(0, readyTasks(job) - (job.getSpec().getTaskCount() - max));
    }

    public static int readyTasks(Job job) {
        int ready = 0;
        for (Task t : job.getTasksList()) {
            if (t.getReady()) {
                ready++;
            }
        }
        return ready;
    }
}
