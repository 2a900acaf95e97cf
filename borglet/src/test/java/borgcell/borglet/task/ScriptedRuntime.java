package borgcell.borglet.task;

import borgcell.borglet.runtime.RunningTask;
import borgcell.borglet.runtime.TaskExit;
import borgcell.borglet.runtime.TaskLaunch;
import borgcell.borglet.runtime.TaskRuntime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A runtime for supervisor tests: each run exits at once with the next scripted code (the last
 * one repeats), or, with no codes, runs until killed. Records when each run started. Shared
 * with borgmaster's tests (borglet's test jar) for Borglets whose tasks run until killed.
 */
public final class ScriptedRuntime implements TaskRuntime {

    private final List<Integer> exitCodes;
    final List<Long> startNanos = new CopyOnWriteArrayList<>();
    final List<TaskLaunch> launches = new CopyOnWriteArrayList<>();

    ScriptedRuntime(Integer... exitCodes) {
        this.exitCodes = List.of(exitCodes);
    }

    public static ScriptedRuntime runningUntilKilled() {
        return new ScriptedRuntime();
    }

    int starts() {
        return startNanos.size();
    }

    @Override
    public String name() {
        return "process";
    }

    @Override
    public boolean selfTest() {
        return true;
    }

    @Override
    public RunningTask start(TaskLaunch launch) {
        int run = startNanos.size();
        startNanos.add(System.nanoTime());
        launches.add(launch);
        CompletableFuture<TaskExit> exit = new CompletableFuture<>();
        if (!exitCodes.isEmpty()) {
            exit.complete(new TaskExit.Exited(exitCodes.get(Math.min(run, exitCodes.size() - 1))));
        }
        return new RunningTask() {
            @Override
            public long pid() {
                return 1000 + run;
            }

            @Override
            public CompletableFuture<TaskExit> onExit() {
                return exit;
            }

            @Override
            public void kill() {
                exit.complete(new TaskExit.Killed(143));
            }
        };
    }
}
