package borgcell.borglet.task;

import borgcell.api.v1.TaskReport;
import borgcell.api.v1.TaskState;
import borgcell.borglet.health.RunHealth;
import borgcell.borglet.health.TaskHealthChecks;
import borgcell.borglet.runtime.RunningTask;
import borgcell.borglet.runtime.TaskExit;
import borgcell.borglet.runtime.TaskLaunch;
import borgcell.borglet.runtime.TaskRuntime;
import borgcell.borglet.runtime.TaskUsage;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks after one task on this machine: starts it, restarts it as its {@link RestartRule}
 * says, kills it on request, and can say at any time what to report to the cell.
 *
 * <p>The task counts as RUNNING from the moment it is held until its last run ended, waiting
 * between restarts included; then it is SUCCEEDED, FAILED or KILLED for good.
 *
 * <p>Each run has its health checks ({@link TaskHealthChecks}), started with it (each after its
 * initial delay) and stopped when it ends. A liveness check that fails its threshold ends the
 * run as {@link TaskExit.Unhealthy}: a failure, restarted or not by the rule like any other.
 * The run is ready when its readiness check passes (or it has none).
 */
public final class TaskSupervisor {

    private static final Logger log = LoggerFactory.getLogger(TaskSupervisor.class);

    private enum Phase { STARTING, RUNNING, WAITING_TO_RESTART, FINISHED }

    private final TaskLaunch launch;
    private final TaskRuntime runtime;
    private final RestartRule rule;
    private final Executor executor;
    private final TaskHealthChecks checks;
    private final CompletableFuture<TaskReport> finished = new CompletableFuture<>();

    // Guarded by this.
    private Phase phase = Phase.STARTING;
    private int starts;
    private RunningTask current;
    private TaskExit lastExit;
    private boolean killRequested;
    private TaskState finalState;
    private String message = "";
    private RunHealth health = RunHealth.NONE;  // the current run's checks
    private String livenessFailure;             // set when the current run is being ended for it

    /**
     * @param executor runs starts (they fork, so not on a caller's or a process-reaper thread)
     */
    public TaskSupervisor(TaskLaunch launch, TaskRuntime runtime, RestartRule rule, Executor executor) {
        this(launch, runtime, rule, executor, TaskHealthChecks.NONE);
    }

    /** @param checks the health checks each run gets */
    public TaskSupervisor(TaskLaunch launch, TaskRuntime runtime, RestartRule rule, Executor executor,
                          TaskHealthChecks checks) {
        this.launch = Objects.requireNonNull(launch, "launch");
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.rule = Objects.requireNonNull(rule, "rule");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.checks = Objects.requireNonNull(checks, "checks");
    }

    public TaskLaunch launch() {
        return launch;
    }

    /** Starts the first run, asynchronously. */
    public void start() {
        executor.execute(this::runOnce);
    }

    /** Kills the current run and cancels any restart. Returns at once; see {@link #finished()}. */
    public void kill() {
        TaskReport done = null;
        synchronized (this) {
            if (phase == Phase.FINISHED || killRequested) {
                return;
            }
            killRequested = true;
            if (current != null) {
                current.kill();
            } else if (phase == Phase.WAITING_TO_RESTART) {
                done = finish(TaskState.KILLED, "killed while waiting to restart");
            }
            // STARTING: runOnce sees the flag, before or right after it forks.
        }
        complete(done);
    }

    /** Completes with the final report once the task is over for good. */
    public CompletableFuture<TaskReport> finished() {
        return finished;
    }

    public synchronized boolean isFinished() {
        return phase == Phase.FINISHED;
    }

    /** The pid of the current run, or -1 between runs. */
    public synchronized long pid() {
        return current == null ? -1 : current.pid();
    }

    /** What the current run uses, where its runtime measures it; empty between runs and once over. */
    public Optional<TaskUsage> usage() {
        RunningTask run;
        synchronized (this) {
            run = current;
        }
        return run == null ? Optional.empty() : run.usage(); // read outside the lock: it reads cgroup files
    }

    /**
     * What the cell should hear about this task now. Ready while a run is up and its readiness
     * check passes (or it has none); not between runs nor once over. Health is the run's
     * {@link RunHealth#health()}, which changes only when a check turns.
     */
    public synchronized TaskReport report() {
        boolean running = phase == Phase.RUNNING && current != null && livenessFailure == null;
        return TaskReport.newBuilder()
                .setJob(launch.job())
                .setIndex(launch.index())
                .setAttempt(launch.attempt())
                .setState(phase == Phase.FINISHED ? finalState : TaskState.RUNNING)
                .setExitCode(lastExit == null ? 0 : lastExit.exitCode())
                .setRestarts(Math.max(0, starts - 1))
                .setMessage(message)
                // Up now, not waiting to restart: a crash-looping task must not count as serving.
                .setReady(running && health.ready())
                .setHealth(health.health())
                .build();
    }

    private void runOnce() {
        synchronized (this) {
            if (phase == Phase.FINISHED) {
                return;
            }
            if (killRequested) {
                TaskReport done = finish(TaskState.KILLED, "killed before it started");
                complete(done);
                return;
            }
            starts++;
            phase = Phase.STARTING;
        }
        RunningTask run;
        try {
            run = runtime.start(launch);
        } catch (Exception e) {
            // The host failed us (no disk, no fork): the task ends like one that cannot start.
            run = RunningTask.notStarted(TaskExit.CANNOT_START, "cannot start task " + launch.describe() + ": " + e);
        }
        RunningTask started = run;
        synchronized (this) {
            current = run;
            phase = Phase.RUNNING;
            if (killRequested) {
                run.kill();
            } else if (!run.onExit().isDone()) {
                health = checks.startFor(launch.describe(), run, reason -> livenessFailed(started, reason));
            }
        }
        if (run.pid() > 0) {
            log.info("task {} started (pid {}, start {})", launch.describe(), run.pid(), starts);
        }
        run.onExit().whenComplete((exit, error) -> ended(
                exit != null ? exit : new TaskExit.NotStarted(TaskExit.CANNOT_START, "runtime failed: " + error)));
    }

    /** The liveness check of {@code run} failed its threshold: end that run (if it is still the one) as a failure. */
    private void livenessFailed(RunningTask run, String reason) {
        synchronized (this) {
            if (current != run || killRequested || livenessFailure != null) {
                return;
            }
            livenessFailure = reason;
        }
        log.warn("task {}: liveness check failed: {}; ending the run", launch.describe(), reason);
        run.kill();
    }

    private void ended(TaskExit ranAs) {
        TaskReport done;
        RunHealth checked;
        synchronized (this) {
            checked = health;
            health = RunHealth.NONE;
        }
        checked.stop(); // outside our lock: a check's listener takes it (livenessFailed)
        synchronized (this) {
            TaskExit exit = livenessFailure != null && !killRequested
                    ? new TaskExit.Unhealthy(ranAs.exitCode(), livenessFailure) : ranAs;
            livenessFailure = null;
            current = null;
            lastExit = exit;
            if (killRequested || exit instanceof TaskExit.Killed) {
                done = finish(TaskState.KILLED, exit.message());
            } else {
                Optional<Duration> delay = rule.nextStart(starts, exit);
                if (delay.isPresent()) {
                    phase = Phase.WAITING_TO_RESTART;
                    message = exit.message() + "; restarting in " + delay.get().toMillis() + " ms";
                    log.info("task {} {}", launch.describe(), message);
                    CompletableFuture.delayedExecutor(delay.get().toMillis(), TimeUnit.MILLISECONDS, executor)
                            .execute(this::runOnce);
                    return;
                }
                boolean succeeded = exit.exitCode() == 0 && !(exit instanceof TaskExit.Unhealthy);
                done = finish(succeeded ? TaskState.SUCCEEDED : TaskState.FAILED, exit.message());
            }
        }
        complete(done);
    }

    /** Caller holds the lock; it completes the future after releasing it, so no one runs under it. */
    private TaskReport finish(TaskState state, String why) {
        phase = Phase.FINISHED;
        finalState = state;
        message = why;
        log.info("task {} {}: {}", launch.describe(), state, why);
        return report();
    }

    private void complete(TaskReport done) {
        if (done != null) {
            finished.complete(done);
        }
    }
}
