package borgcell.cell;

import borgcell.api.v1.Job;
import borgcell.api.v1.JobSpec;
import borgcell.api.v1.RestartPolicy;
import borgcell.api.v1.Task;
import borgcell.api.v1.TaskReport;
import borgcell.api.v1.TaskState;
import java.util.List;

/**
 * Borg's crash-looping task::machine pairs: a task that used up its restarts on one machine is
 * not given up on; the machine may be the problem (a full disk, a missing library, a port
 * held by something else). It goes back to pending with that machine added to its
 * {@code avoid_machines}, which the scheduler never places it on again, as long as the job's
 * reschedules are under its limit ({@code reschedule.max_reschedules}, 3 without a policy, 0 for
 * never).
 *
 * <p>Only a final FAILED report counts: with restart policy ON_FAILURE or ALWAYS the Borglet
 * restarts the task locally and reports FAILED only once its starts there are used up. A task
 * that may not restart (NEVER, unspecified) fails for good, as it always did; a killed or
 * succeeded one is done. Deterministic, like all of the cell: the report and the job decide.
 */
final class Reschedules {
    /** Per task: the newest ones are kept, so a task of a job with a high limit cannot grow without bound. */
    static final int MAX_AVOIDED_MACHINES = 16;

    private Reschedules() {
    }

    /**
     * Called as a report's outcome is written into {@code job} (the task at {@code position}
     * already holds the report's state, exit and message): when it is a final failure the job may
     * still reschedule, the task goes back to PENDING avoiding {@code machineId} and the job's
     * count of reschedules grows; when the job used them all, the task's message says so.
     *
     * @return whether the task went back to pending
     */
    static boolean afterReport(Job.Builder job, int position, String machineId, TaskReport report) {
        JobSpec spec = job.getSpec();
        if (report.getState() != TaskState.FAILED || !restartsLocally(spec.getTask().getRestart().getPolicy())) {
            return false;
        }
        int limit = limit(spec);
        if (limit == 0) {
            return false; // rescheduling is off for this job: it fails for good, as it always did
        }
        Task failed = job.getTasks(position);
        String what = failedTimes(report.getRestarts() + 1) + " on " + machineId + " (exit " + report.getExitCode() + ")";
        if (job.getReschedules() >= limit) {
            job.setTasks(position, failed.toBuilder().setMessage(what + "; not placed elsewhere: the job used all "
                    + limit + " of its reschedules"));
            return false;
        }
        int reschedule = job.getReschedules() + 1;
        job.setReschedules(reschedule);
        job.setTasks(position, Readiness.unplaced(failed).setState(TaskState.PENDING).setRestarts(0)
                .clearAvoidMachines().addAllAvoidMachines(avoiding(failed.getAvoidMachinesList(), machineId))
                .setMessage(what + "; placing it on another machine, reschedule " + reschedule + " of " + limit));
        return true;
    }

    /** The job's limit: its policy's, or the default when it sets none. */
    static int limit(JobSpec spec) {
        return spec.hasReschedule() ? spec.getReschedule().getMaxReschedules() : JobSpecContract.DEFAULT_MAX_RESCHEDULES;
    }

    /** Whether the Borglet restarts the task on its machine, so a FAILED report means its restarts there are used up. */
    private static boolean restartsLocally(RestartPolicy policy) {
        return policy == RestartPolicy.ON_FAILURE || policy == RestartPolicy.ALWAYS;
    }

    /** The machines avoided so far and {@code machineId}, the oldest dropped beyond the bound. */
    private static List<String> avoiding(List<String> before, String machineId) {
        java.util.ArrayList<String> after = new java.util.ArrayList<>(before);
        after.remove(machineId);
        after.add(machineId);
        return after.size() <= MAX_AVOIDED_MACHINES ? after : after.subList(after.size() - MAX_AVOIDED_MACHINES, after.size());
    }

    private static String failedTimes(int starts) {
        return starts == 1 ? "failed once" : "failed " + starts + " times";
    }
}
