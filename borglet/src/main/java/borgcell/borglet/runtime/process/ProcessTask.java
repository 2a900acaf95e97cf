package borgcell.borglet.runtime.process;

import borgcell.borglet.runtime.RunningTask;
import borgcell.borglet.runtime.TaskExit;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/** A task running as a host process; remembers whether it was killed to tell how it ended. */
final class ProcessTask implements RunningTask {

    private final Process process;
    private final Duration killGrace;
    // Set once by kill(): the tree kill in flight, which onExit waits for so no descendant outlives us.
    private final AtomicReference<CompletableFuture<Void>> treeGone = new AtomicReference<>();
    private final CompletableFuture<TaskExit> exit;
    private final Function<List<String>, ProcessBuilder> beside;

    /** How long to wait after the exit for the output pumps (a leftover child may hold the pipe open). */
    private static final Duration DRAIN_GRACE = Duration.ofSeconds(1);

    /**
     * @param drained completes once stdout and stderr are drained into the task's logs
     * @param ended runs once the task is over and reaped, before {@link #onExit()} completes
     * @param beside makes a command that runs as the task does ({@link #commandBeside})
     */
    ProcessTask(Process process, Duration killGrace, CompletableFuture<Void> drained, Runnable ended,
                Function<List<String>, ProcessBuilder> beside) {
        this.process = process;
        this.killGrace = killGrace;
        this.beside = beside;
        this.exit = process.onExit()
                .thenCompose(p -> drained.completeOnTimeout(null, DRAIN_GRACE.toMillis(), TimeUnit.MILLISECONDS)
                        .thenApply(v -> p))
                .<TaskExit>thenCompose(p -> {
            CompletableFuture<Void> killing = treeGone.get();
            if (killing == null) {
                return CompletableFuture.completedFuture(new TaskExit.Exited(p.exitValue()));
            }
            return killing.handle((ignored, error) -> new TaskExit.Killed(p.exitValue()));
        }).whenComplete((result, error) -> ended.run());
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public CompletableFuture<TaskExit> onExit() {
        return exit;
    }

    @Override
    public Optional<ProcessBuilder> commandBeside(List<String> argv) {
        return exit.isDone() ? Optional.empty() : Optional.of(beside.apply(argv));
    }

    @Override
    public void kill() {
        CompletableFuture<Void> killing = new CompletableFuture<>();
        if (!treeGone.compareAndSet(null, killing)) {
            return;
        }
        ProcessTree.kill(process.toHandle(), killGrace).whenComplete((v, e) -> killing.complete(null));
    }
}
