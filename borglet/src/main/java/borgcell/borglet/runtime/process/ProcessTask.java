package borgcell.borglet.runtime.process;

import borgcell.borglet.runtime.RunningTask;
import borgcell.borglet.runtime.TaskExit;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/** A task running as a host process; remembers whether it was killed to tell how it ended. */
final class ProcessTask implements RunningTask {

    private final Process process;
    private final Duration killGrace;
    // Set once by kill(): the tree kill in flight, which onExit waits for so no descendant outlives us.
    private final AtomicReference<CompletableFuture<Void>> treeGone = new AtomicReference<>();
    private final CompletableFuture<TaskExit> exit;

    /** @param ended runs once the task is over and reaped, before {@link #onExit()} completes */
    ProcessTask(Process process, Duration killGrace, Runnable ended) {
        this.process = process;
        this.killGrace = killGrace;
        this.exit = process.onExit().<TaskExit>thenCompose(p -> {
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
    public void kill() {
        CompletableFuture<Void> killing = new CompletableFuture<>();
        if (!treeGone.compareAndSet(null, killing)) {
            return;
        }
        ProcessTree.kill(process.toHandle(), killGrace).whenComplete((v, e) -> killing.complete(null));
    }
}
