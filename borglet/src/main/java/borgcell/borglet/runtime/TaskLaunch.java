package borgcell.borglet.runtime;

import borgcell.api.v1.AllocatedPort;
import borgcell.api.v1.TaskTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a runtime needs to start one task: who it is (job, index, attempt), what to run
 * (the template), where (its own directory), on which machine, for which cell user, and on
 * which host ports.
 *
 * @param user the cell user whose job this is ("" for a run that is no cell user's, as a
 *     runtime's self-test): the container runtime runs all of one user's tasks as one uid
 * @param ports the host ports the cell gave the task, one per name in its template: the task
 *     learns them as {@code BORG_PORT_<NAME>} and binds them itself (no runtime binds or
 *     forwards anything; a task shares its machine's network)
 */
public record TaskLaunch(String job, int index, int attempt, TaskTemplate template, Path taskDir, String machineId,
                         String user, List<AllocatedPort> ports) {

    public TaskLaunch {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(taskDir, "taskDir");
        Objects.requireNonNull(machineId, "machineId");
        Objects.requireNonNull(user, "user");
        ports = List.copyOf(ports);
    }

    /** A launch on no host port. */
    public TaskLaunch(String job, int index, int attempt, TaskTemplate template, Path taskDir, String machineId,
                      String user) {
        this(job, index, attempt, template, taskDir, machineId, user, List.of());
    }

    /** A launch that is no cell user's: self-tests, benchmarks. */
    public TaskLaunch(String job, int index, int attempt, TaskTemplate template, Path taskDir, String machineId) {
        this(job, index, attempt, template, taskDir, machineId, "");
    }

    /** {@code BORG_PORT_HTTP} for the port named {@code http}, {@code BORG_PORT_GRPC_WEB} for {@code grpc-web}. */
    public static String portVariable(String portName) {
        return "BORG_PORT_" + portName.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /**
     * The BORG_* variables every task sees, in order, after its template's own (which cannot
     * override them); {@code taskDir} is the task directory as the task itself sees it.
     */
    public Map<String, String> borgVariables(String taskDir) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("BORG_JOB", job);
        env.put("BORG_TASK_INDEX", Integer.toString(index));
        env.put("BORG_TASK_ATTEMPT", Integer.toString(attempt));
        env.put("BORG_MACHINE", machineId);
        env.put("BORG_TASK_DIR", taskDir);
        for (AllocatedPort port : ports) {
            env.put(portVariable(port.getName()), Integer.toString(port.getPort()));
        }
        return env;
    }

    /**
     * A task's whole environment: a minimal base (a task must not inherit the Borglet's secrets
     * or settings), the template's variables, then the BORG_* ones, which a template cannot
     * override. {@code taskDir} is the task's directory as the task sees it (also its HOME).
     */
    public Map<String, String> environment(String path, String taskDir) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", path);
        env.put("HOME", taskDir);
        env.putAll(template.getEnvMap());
        env.putAll(borgVariables(taskDir));
        return env;
    }

    public Path stdoutFile() {
        return taskDir.resolve("stdout");
    }

    public Path stderrFile() {
        return taskDir.resolve("stderr");
    }

    /**
     * What every runtime does first: makes the task directory, and answers a run that has
     * already ended (127, the reason in its stderr) when the template gives nothing to run;
     * empty when the runtime may go on.
     */
    public Optional<RunningTask> prepare() throws IOException {
        Files.createDirectories(taskDir);
        List<String> argv = template.getArgvList();
        if (argv.isEmpty() || argv.getFirst().isBlank()) {
            return Optional.of(RunningTask.cannotStart(stderrFile(),
                    "cannot start task " + describe() + ": its template has no argv"));
        }
        return Optional.empty();
    }

    /** "job/index#attempt", for logs and messages. */
    public String describe() {
        return job + "/" + index + "#" + attempt;
    }
}
