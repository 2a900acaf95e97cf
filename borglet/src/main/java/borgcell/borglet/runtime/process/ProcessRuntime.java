package borgcell.borglet.runtime.process;

import borgcell.borglet.logs.LogPump;
import borgcell.borglet.logs.RotatingLog;
import borgcell.borglet.runtime.RunningTask;
import borgcell.borglet.runtime.TaskLaunch;
import borgcell.borglet.runtime.TaskRuntime;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a task as a plain host process: its own working directory, stdout and stderr appended
 * to files there (so restarts keep earlier output), a clean environment, and a kill that takes
 * the whole process tree down.
 */
public final class ProcessRuntime implements TaskRuntime {

    public static final String NAME = "process";
    public static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(ProcessRuntime.class);
    private static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

    private final Duration killGrace;
    private final long logCapBytes;

    public ProcessRuntime() {
        this(DEFAULT_KILL_GRACE);
    }

    /** @param killGrace how long a task may take to stop after SIGTERM before it gets SIGKILL */
    public ProcessRuntime(Duration killGrace) {
        this(killGrace, RotatingLog.DEFAULT_CAP_BYTES);
    }

    /** @param logCapBytes each of stdout and stderr rotates past this size (one older file kept) */
    public ProcessRuntime(Duration killGrace, long logCapBytes) {
        this.killGrace = Objects.requireNonNull(killGrace, "killGrace");
        if (logCapBytes < 1) {
            throw new IllegalArgumentException("logCapBytes must be positive");
        }
        this.logCapBytes = logCapBytes;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean selfTest() {
        try {
            Process p = new ProcessBuilder("true")
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            log.warn("process runtime self-test failed: {}", e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The task processes an earlier Borglet left, found through their records ({@link OrphanReaper}). */
    @Override
    public int reapOrphans(Path workDir) {
        return OrphanReaper.reap(workDir);
    }

    @Override
    public RunningTask start(TaskLaunch launch) throws IOException {
        Optional<RunningTask> refused = launch.prepare();
        if (refused.isPresent()) {
            return refused.get();
        }
        Path dir = launch.taskDir();
        Path stdout = launch.stdoutFile();
        Path stderr = launch.stderrFile();
        List<String> argv = launch.template().getArgvList();

        ProcessBuilder builder = new ProcessBuilder(argv)
                .directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.PIPE)
                .redirectError(ProcessBuilder.Redirect.PIPE);
        environmentFor(launch, builder.environment());

        try {
            Process process = builder.start();
            log.debug("started {} as pid {}: {}", launch.describe(), process.pid(), argv);
            // Before ProcessTask exists: its end removes the record, so the record must be there first.
            Optional<ProcessRecord> record = record(process, dir, launch);
            // Output goes through pumps into size-capped, rotating files (not straight to disk).
            CompletableFuture<Void> drained = CompletableFuture.allOf(
                    LogPump.start(process.getInputStream(), new RotatingLog(stdout, logCapBytes), launch.describe() + "-out"),
                    LogPump.start(process.getErrorStream(), new RotatingLog(stderr, logCapBytes), launch.describe() + "-err"));
            return new ProcessTask(process, killGrace, drained, () -> record.ifPresent(r -> remove(r, dir)),
                    besideArgv -> commandBeside(launch, besideArgv));
        } catch (IOException e) {
            // ProcessBuilder says "Cannot run program ...: error=2, No such file or directory";
            // keep the reason, name the binary the way a user wrote it.
            String reason = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            return RunningTask.cannotStart(stderr, "cannot start '" + argv.getFirst() + "': " + reason);
        }
    }

    /**
     * A command run as the task is: same user (the Borglet's), its directory, its environment,
     * nothing on stdin. What an exec health check of a process task runs.
     */
    static ProcessBuilder commandBeside(TaskLaunch launch, List<String> argv) {
        ProcessBuilder builder = new ProcessBuilder(argv).directory(launch.taskDir().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        environmentFor(launch, builder.environment());
        return builder;
    }

    /** The task's environment ({@link TaskLaunch#environment}) in place of the Borglet's own, keeping its PATH. */
    static void environmentFor(TaskLaunch launch, Map<String, String> env) {
        String path = env.getOrDefault("PATH", DEFAULT_PATH);
        env.clear();
        env.putAll(launch.environment(path, launch.taskDir().toString()));
    }

    /**
     * Notes the process in its task directory, so that a later Borglet can kill it should this
     * one die without doing so. A task whose record cannot be written still runs: a lost record
     * costs only the clean-up after a crash.
     */
    private static Optional<ProcessRecord> record(Process process, Path dir, TaskLaunch launch) {
        Optional<ProcessRecord> record = ProcessRecord.of(process.toHandle());
        if (record.isEmpty()) {
            if (process.isAlive()) {
                log.warn("no start time for pid {} of {}; it cannot be found again should the Borglet die",
                        process.pid(), launch.describe());
            }
            return record;
        }
        try {
            record.get().writeTo(dir);
            return record;
        } catch (IOException e) {
            log.warn("cannot record pid {} of {} in {}: {}", process.pid(), launch.describe(), dir, e.toString());
            return Optional.empty();
        }
    }

    private static void remove(ProcessRecord record, Path dir) {
        try {
            record.removeFrom(dir);
        } catch (IOException e) {
            log.warn("cannot remove the process record in {}: {}", dir, e.toString());
        }
    }
}
