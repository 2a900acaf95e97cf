package borgcell.borglet.runtime;

import java.util.concurrent.CompletableFuture;

/** One run of a task in a runtime: it ends once, by itself or because it was killed. */
public interface RunningTask {

    /** The host pid of the task's main process, or -1 when it has none (never started, VM thread). */
    long pid();

    /** Completes once, when the task has ended and everything it started is gone. */
    CompletableFuture<TaskExit> onExit();

    /** What the task has used so far, where its runtime measures it (containers do); empty elsewhere or once it has ended. */
    default java.util.Optional<TaskUsage> usage() {
        return java.util.Optional.empty();
    }

    /**
     * Asks the task to stop (SIGTERM to the process tree), and forces it after a grace period
     * (SIGKILL). Returns at once; {@link #onExit()} then completes with {@link TaskExit.Killed}.
     * Killing an ended task does nothing.
     */
    void kill();

    /**
     * A command to run beside this task as it runs, the way its runtime runs the task (a
     * process task's user, directory and environment; inside a container's namespaces, as its
     * user): what exec health checks run. Empty where the runtime cannot run a second program
     * (a microVM runs one static binary and nothing else) or the task is not running.
     */
    default java.util.Optional<ProcessBuilder> commandBeside(java.util.List<String> argv) {
        return java.util.Optional.empty();
    }

    /**
     * A task that could not start (exit 127), its reason also appended to its stderr, where
     * `borg job logs` looks first; a stderr that cannot be written only loses that copy.
     */
    static RunningTask cannotStart(java.nio.file.Path stderr, String message) {
        try {
            java.nio.file.Files.writeString(stderr, message + System.lineSeparator(),
                    java.nio.charset.StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            // the message still reaches the cell as the task's reason
        }
        return notStarted(TaskExit.CANNOT_START, message);
    }

    /** A task that could not start: ended already, with the given exit code and reason. */
    static RunningTask notStarted(int exitCode, String message) {
        return new NotStartedTask(new TaskExit.NotStarted(exitCode, message));
    }
}
