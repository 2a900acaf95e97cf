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

    /** "job/index#attempt", for logs and messages. */
    public String describe() {
        return job + "/" + index + "#" + attempt;
    }
}
