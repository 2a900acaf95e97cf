package borgcell.cell;

import borgcell.api.v1.Job;
import borgcell.api.v1.JobOrBuilder;
import borgcell.api.v1.JobSpec;
import borgcell.api.v1.JobVersion;
import borgcell.api.v1.Task;
import borgcell.api.v1.TaskTemplate;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * A job's versions: every submit, update, revert and rollback is the next number, with who
 * made it, when, and why. A task names the version whose spec it runs, so that during a
 * rolling update a machine is sent each task's own template, and its resources are released
 * as they were claimed.
 */
public final class JobVersions {
    /** Versions kept per job, newest first; any version a task still runs is kept beyond these. */
    public static final int KEPT = 20;

    private JobVersions() {
    }

    /** The spec of {@code number}, if the job still keeps it. */
    public static Optional<JobSpec> spec(JobOrBuilder job, long number) {
        if (number == job.getCurrentVersion() || number == 0) {
            return Optional.of(job.getSpec());
        }
        for (int i = job.getVersionsCount() - 1; i >= 0; i--) {
            JobVersion v = job.getVersions(i);
            if (v.getNumber() == number) {
                return Optional.of(v.getSpec());
            }
        }
        return Optional.empty();
    }

    /**
     * The spec a task runs. A task of a version no longer kept cannot exist (versions a task
     * runs are never dropped); a task of a job from before versions runs the job's spec.
     */
    public static JobSpec specOf(JobOrBuilder job, Task task) {
        return spec(job, task.getSpecVersion()).orElse(job.getSpec());
    }

    public static TaskTemplate templateOf(JobOrBuilder job, Task task) {
        return specOf(job, task).getTask();
    }

    /** The first version of a new job. */
    public static JobVersion first(JobSpec spec, String by, long now, long index) {
        return JobVersion.newBuilder().setNumber(1).setSpec(spec).setBy(by).setCreatedMillis(now)
                .setRaftIndex(index).setCause("submitted").build();
    }

    /**
     * Makes {@code spec} the job's next version (its spec from now on) and drops the oldest
     * versions beyond {@link #KEPT} that no task runs. Returns the new version's number.
     */
    public static long add(Job.Builder job, JobSpec spec, String by, long now, long index, String cause) {
        long number = job.getCurrentVersion() + 1;
        job.addVersions(JobVersion.newBuilder().setNumber(number).setSpec(spec).setBy(by).setCreatedMillis(now)
                .setRaftIndex(index).setCause(cause));
        job.setSpec(spec).setCurrentVersion(number);
        prune(job);
        return number;
    }

    private static void prune(Job.Builder job) {
        if (job.getVersionsCount() <= KEPT) {
            return;
        }
        Set<Long> running = new HashSet<>();
        for (Task t : job.getTasksList()) {
            if (!Cell.isTerminal(t.getState())) {
                running.add(t.getSpecVersion());
            }
        }
        int excess = job.getVersionsCount() - KEPT;
        for (int i = 0; i < job.getVersionsCount() && excess > 0; ) {
            if (running.contains(job.getVersions(i).getNumber())) {
                i++;
            } else {
                job.removeVersions(i);
                excess--;
            }
        }
    }

    /** The numbers of the versions kept, for an error naming what there is: "[3, 4, 5]". */
    public static java.util.List<Long> numbers(Job job) {
        return job.getVersionsList().stream().map(JobVersion::getNumber).toList();
    }

    /**
     * A job as stored before versions (a snapshot of an older cell): its spec becomes version 1,
     * run by every task. A job with versions is returned as it is.
     */
    public static Job withVersions(Job job) {
        if (job.getCurrentVersion() > 0) {
            return job;
        }
        Job.Builder b = job.toBuilder().setCurrentVersion(1)
                .addVersions(first(job.getSpec(), "", job.getSubmittedMillis(), job.getVersion()));
        for (int i = 0; i < b.getTasksCount(); i++) {
            b.setTasks(i, b.getTasks(i).toBuilder().setSpecVersion(1));
        }
        return b.build();
    }
}
