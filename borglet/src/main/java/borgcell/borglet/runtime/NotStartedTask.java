package borgcell.borglet.runtime;

import java.util.concurrent.CompletableFuture;

/** A run that ended before it began, so supervisors treat "cannot start" like any other exit. */
record NotStartedTask(TaskExit.NotStarted exit) implements RunningTask {

    @Override
    public long pid() {
        return -1;
    }

    @Override
    public CompletableFuture<TaskExit> onExit() {
        return CompletableFuture.completedFuture(exit);
    }

    @Override
    public void kill() {
        // nothing runs
    }
}
