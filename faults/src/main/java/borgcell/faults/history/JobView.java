package borgcell.faults.history;

import borgcell.api.v1.Job;
import borgcell.api.v1.JobState;
import java.util.List;

/**
 * One job as a response showed it: its life, the Raft index of its last change (every change
 * raises it, so it orders what readers saw), when it was submitted, and its tasks.
 */
public record JobView(String name, Life life, long version, long submittedMillis, String requestId,
                      List<TaskView> tasks) {

    public JobView {
        tasks = List.copyOf(tasks);
    }

    public static JobView of(Job job) {
        return new JobView(job.getSpec().getName(), life(job.getState()), job.getVersion(), job.getSubmittedMillis(),
                job.getRequestId(), job.getTasksList().stream().map(TaskView::of).toList());
    }

    /** A view with no tasks, for hand-made histories. */
    public static JobView of(String name, Life life, long version) {
        return new JobView(name, life, version, 0, "", List.of());
    }

    static Life life(JobState state) {
        return switch (state) {
            case JOB_RUNNING -> Life.RUNNING;
            case JOB_FINISHED -> Life.FINISHED;
            case JOB_KILLED -> Life.KILLED;
            case JOB_STATE_UNSPECIFIED, UNRECOGNIZED -> throw new IllegalArgumentException("job state " + state);
        };
    }
}
