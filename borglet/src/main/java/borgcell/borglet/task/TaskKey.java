package borgcell.borglet.task;

import borgcell.api.v1.TaskAssignment;
import borgcell.api.v1.TaskReport;

/** What names one placement of a task: the cell bumps the attempt each time it places it anew. */
public record TaskKey(String job, int index, int attempt) {

    public static TaskKey of(TaskAssignment assignment) {
        return new TaskKey(assignment.getJob(), assignment.getIndex(), assignment.getAttempt());
    }

    public static TaskKey of(TaskReport report) {
        return new TaskKey(report.getJob(), report.getIndex(), report.getAttempt());
    }

    /**
     * "job.index.attempt" with anything but [A-Za-z0-9_.-] in the job name replaced: the name
     * comes from the cell, and must not walk out of the tasks directory.
     */
    public String directoryName() {
        String safeJob = job.isEmpty() ? "_" : job.replaceAll("[^A-Za-z0-9_.-]", "_");
        return safeJob + "." + index + "." + attempt;
    }

    @Override
    public String toString() {
        return job + "/" + index + "#" + attempt;
    }
}
