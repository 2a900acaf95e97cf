package borgcell.borglet.runtime.container;

import borgcell.borglet.runtime.RunningTask;
import borgcell.borglet.runtime.TaskExit;
import borgcell.borglet.runtime.TaskUsage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A task running in a container: {@code runc run} in the foreground is the Borglet's child, and
 * its exit is the task's (128 + the signal, for a task ended by one). When the container's
 * first process ends, the kernel ends every other process in its pid namespace, so nothing the
 * task started outlives it. How it ended is read from the task's cgroup before that is removed:
 * killed by the kernel for memory makes the exit {@link TaskExit.OutOfMemory}. Its sandbox is
 * measured every second against its disk request, and a task past it is stopped
 * ({@link TaskExit.OverDisk}).
 */
final class ContainerTask implements RunningTask {
    /** How long to wait after the exit for the output pumps. */
    private static final Duration DRAIN_GRACE = Duration.ofSeconds(1);
    /** runc's exit for a container ended by SIGKILL: 128 + 9. */
    private static final int SIGKILLED = 137;
    /** How often the sandbox is measured against the task's disk request. */
    private static final Duration DISK_CHECK = Duration.ofSeconds(1);

    private final Process process;
    private final String id;
    private final Path pidFile;
    private final Runc runc;
    private final Duration killGrace;
    private final AtomicBoolean killRequested = new AtomicBoolean();
    private final AtomicBoolean overDisk = new AtomicBoolean();
    private final long diskLimitBytes;
    private final TaskCgroup cgroup;
    private final CompletableFuture<TaskExit> exit;

    /**
     * @param sandbox the task's writable directory, watched against {@code diskLimitBytes}
     * @param diskLimitBytes the task's disk request: past it the task is stopped; 0 for no watch
     * @param drained completes once stdout and stderr are in the task's logs
     * @param ended runs once the container and its cgroup are gone, before {@link #onExit()} completes
     */
    ContainerTask(Process process, String id, Path pidFile, Runc runc, TaskCgroup cgroup, Duration killGrace,
                  Path sandbox, long diskLimitBytes, CompletableFuture<Void> drained, Runnable ended) {
        this.process = process;
        this.id = id;
        this.pidFile = pidFile;
        this.runc = runc;
        this.killGrace = killGrace;
        this.diskLimitBytes = diskLimitBytes;
        this.cgroup = cgroup;
        this.exit = process.onExit()
                .thenCompose(p -> drained.completeOnTimeout(null, DRAIN_GRACE.toMillis(), TimeUnit.MILLISECONDS)
                        .thenApply(v -> p))
                .thenApply(p -> howItEnded(p.exitValue()))
                .whenComplete((result, error) -> {
                    runc.delete(id);
                    cgroup.remove();
                    ended.run();
                });
        if (diskLimitBytes > 0) {
            Thread.ofVirtual().name("disk-" + id).start(() -> watchDisk(sandbox));
        }
    }

    /** Stops the task once its sandbox holds more than its disk request; looks every {@link #DISK_CHECK}. */
    private void watchDisk(Path sandbox) {
        while (!exit.isDone()) {
            if (SandboxDisk.bytes(sandbox) > diskLimitBytes) {
                overDisk.set(true);
                stop();
                return;
            }
            try {
                exit.get(DISK_CHECK.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // still running: look again
            } catch (InterruptedException | ExecutionException e) {
                return; // ended (or the Borglet is going): nothing left to watch
            }
        }
    }

    private TaskExit howItEnded(int exitCode) {
        if (overDisk.get()) {
            return new TaskExit.OverDisk(exitCode, diskLimitBytes);
        }
        if (killRequested.get()) {
            return new TaskExit.Killed(exitCode);
        }
        if (cgroup.killedForMemory(exitCode == SIGKILLED)) {
            return new TaskExit.OutOfMemory(exitCode, cgroup.memoryLimit());
        }
        return new TaskExit.Exited(exitCode);
    }

    /** The container's first process as the host sees it, once runc has started it; else runc's. */
    @Override
    public long pid() {
        try {
            return Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            return process.pid();
        }
    }

    /** Read from the task's cgroup: all its processes, however many it forked. */
    @Override
    public Optional<TaskUsage> usage() {
        long cpu = cgroup.cpuNanos();
        long memory = cgroup.memoryNow();
        long peak = cgroup.memoryPeak();
        if (exit.isDone() || cpu < 0 || memory < 0 || peak < 0) {
            return Optional.empty();
        }
        return Optional.of(new TaskUsage(cpu, memory, peak));
    }

    @Override
    public CompletableFuture<TaskExit> onExit() {
        return exit;
    }

    /** {@code runc exec}: inside the container, as its user, in its directory and environment. */
    @Override
    public Optional<ProcessBuilder> commandBeside(List<String> argv) {
        if (exit.isDone()) {
            return Optional.empty();
        }
        return Optional.of(new ProcessBuilder(runc.exec(id, argv))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))));
    }

    /**
     * SIGTERM to every process of the container, SIGKILL to all after the grace period. (The
     * container's first process is its pid namespace's init: it ignores SIGTERM unless it
     * handles it, as in any container.) Before runc has made the container, runc itself is
     * stopped, which takes the container down with it.
     */
    @Override
    public void kill() {
        if (killRequested.compareAndSet(false, true)) {
            stop();
        }
    }

    private void stop() {
        if (exit.isDone()) {
            return;
        }
        Thread.ofVirtual().name("kill-" + id).start(() -> {
            if (!runc.kill(id, "TERM")) {
                process.destroy();
            }
            try {
                exit.get(killGrace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (!runc.kill(id, "KILL")) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                // ended anyway, its own way
            }
        });
    }
}
