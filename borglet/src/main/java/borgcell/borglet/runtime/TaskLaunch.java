package borgcell.borglet.runtime;

import borgcell.api.v1.TaskTemplate;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything a runtime needs to start one task: who it is (job, index, attempt), what to run
 * (the template), where (its own directory) and on which machine.
 */
public record TaskLaunch(String job, int index, int attempt, TaskTemplate template, Path taskDir, String machineId) {

    public TaskLaunch {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(taskDir, "taskDir");
        Objects.requireNonNull(machineId, "machineId");
    }

    /**
     * The BORG_* variables every task sees, in order, after its template's own (which cannot
     * override them); {@code taskDir} is the task directory as the task itself sees it.
     */
    public java.util.Map<String, String> borgVariables(String taskDir) {
        java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("BORG_JOB", job);
        env.put("BORG_TASK_INDEX", Integer.toString(index));
        env.put("BORG_TASK_ATTEMPT", Integer.toString(attempt));
        env.put("BORG_MACHINE", machineId);
        env.put("BORG_TASK_DIR", taskDir);
        return env;
    }

    /** "job/index#attempt", for logs and messages. */
    public String describe() {
        return job + "/" + index + "#" + attempt;
    }
}
