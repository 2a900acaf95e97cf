package borgcell.borglet.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import borgcell.api.v1.RestartPolicy;
import borgcell.api.v1.RestartSpec;
import borgcell.api.v1.TaskReport;
import borgcell.api.v1.TaskState;
import borgcell.api.v1.TaskTemplate;
import borgcell.borglet.runtime.TaskLaunch;
import borgcell.borglet.runtime.TaskRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TaskSupervisorTest {

    private static final Executor VIRTUAL = command -> Thread.ofVirtual().start(command);

    @Test
    void onFailureRestartsUpToMaxAttemptsWithGrowingBackoff() throws Exception {
        ScriptedRuntime runtime = new ScriptedRuntime(1);
        TaskSupervisor task = supervisor(runtime, RestartPolicy.ON_FAILURE, 4, 30);

        task.start();
        TaskReport last = task.finished().get(10, TimeUnit.SECONDS);

        assertThat(last.getState()).isEqualTo(TaskState.FAILED);
        assertThat(last.getExitCode()).isEqualTo(1);
        assertThat(last.getRestarts()).isEqualTo(3);
        assertThat(runtime.starts()).isEqualTo(4);
        assertThat(gapMillis(runtime, 1)).isGreaterThanOrEqualTo(30);
        assertThat(gapMillis(runtime, 2)).isGreaterThanOrEqualTo(60);
        assertThat(gapMillis(runtime, 3)).isGreaterThanOrEqualTo(120);
    }

    @Test
    void onFailureStopsRestartingOnceARunSucceeds() throws Exception {
        ScriptedRuntime runtime = new ScriptedRuntime(1, 0);
        TaskSupervisor task = supervisor(runtime, RestartPolicy.ON_FAILURE, 5, 5);

        task.start();
        TaskReport last = task.finished().get(10, TimeUnit.SECONDS);

        assertThat(last.getState()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(last.getRestarts()).isEqualTo(1);
        assertThat(runtime.starts()).isEqualTo(2);
    }

    @Test
    void neverRestartsAfterSuccess() throws Exception {
        ScriptedRuntime runtime = new ScriptedRuntime(0);
        TaskSupervisor task = supervisor(runtime, RestartPolicy.ON_FAILURE, 3, 5);

        task.start();
        TaskReport last = task.finished().get(10, TimeUnit.SECONDS);

        assertThat(last.getState()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(last.getRestarts()).isZero();
        assertThat(runtime.starts()).isEqualTo(1);
    }

    @Test
    void neverPolicyReportsAFailureAtOnce() throws Exception {
        ScriptedRuntime runtime = new ScriptedRuntime(2);
        TaskSupervisor task = supervisor(runtime, RestartPolicy.NEVER, 0, 5);

        task.start();
        TaskReport last = task.finished().get(10, TimeUnit.SECONDS);

        assertThat(last.getState()).isEqualTo(TaskState.FAILED);
        assertThat(last.getExitCode()).isEqualTo(2);
        assertThat(last.getMessage()).isEqualTo("exited with code 2");
        assertThat(runtime.starts()).isEqualTo(1);
    }

    @Test
    void alwaysKeepsRestartingAndStaysRunningMeanwhile() throws Exception {
        ScriptedRuntime runtime = new ScriptedRuntime(0);
        TaskSupervisor task = supervisor(runtime, RestartPolicy.ALWAYS, 0, 1);

        task.start();

        await().until(() -> runtime.starts() >= 6);
        assertThat(task.report().getState()).isEqualTo(TaskState.RUNNING);
        assertThat(task.report().getRestarts()).isGreaterThanOrEqualTo(5);
        task.kill();
        assertThat(task.finished().get(10, TimeUnit.SECONDS).getState()).isEqualTo(TaskState.KILLED);
    }

    @Test
    void aKilledTaskIsNotRestarted() throws Exception {
        ScriptedRuntime runtime = ScriptedRuntime.runningUntilKilled();
        TaskSupervisor task = supervisor(runtime, RestartPolicy.ALWAYS, 0, 1);
        task.start();
        await().until(() -> task.pid() > 0);

        task.kill();
        TaskReport last = task.finished().get(10, TimeUnit.SECONDS);

        assertThat(last.getState()).isEqualTo(TaskState.KILLED);
        assertThat(last.getExitCode()).isEqualTo(143);
        assertThat(runtime.starts()).isEqualTo(1);
    }

    @Test
    void killingATaskWaitingToRestartEndsItAtOnce() throws Exception {
        ScriptedRuntime runtime = new ScriptedRuntime(1);
        TaskSupervisor task = supervisor(runtime, RestartPolicy.ON_FAILURE, 3, 60_000);
        task.start();
        await().until(() -> task.report().getMessage().contains("restarting in"));

        task.kill();

        assertThat(task.finished().get(1, TimeUnit.SECONDS).getState()).isEqualTo(TaskState.KILLED);
        assertThat(runtime.starts()).isEqualTo(1);
    }

    @Test
    void aTaskKilledBeforeItsStartRanNeverRuns() throws Exception {
        ScriptedRuntime runtime = ScriptedRuntime.runningUntilKilled();
        java.util.List<Runnable> queued = new java.util.ArrayList<>();
        TaskSupervisor task = new TaskSupervisor(launch(), runtime, RestartRule.never(), queued::add);
        task.start();

        task.kill();
        queued.forEach(Runnable::run);

        TaskReport last = task.finished().get(1, TimeUnit.SECONDS);
        assertThat(last.getState()).isEqualTo(TaskState.KILLED);
        assertThat(last.getMessage()).isEqualTo("killed before it started");
        assertThat(runtime.starts()).isZero();
    }

    @Test
    void aRuntimeThatThrowsFailsTheTaskWith127() throws Exception {
        TaskRuntime broken = new TaskRuntime() {
            @Override
            public String name() {
                return "process";
            }

            @Override
            public boolean selfTest() {
                return true;
            }

            @Override
            public borgcell.borglet.runtime.RunningTask start(TaskLaunch launch) throws java.io.IOException {
                throw new java.io.IOException("disk full");
            }
        };
        TaskSupervisor task = new TaskSupervisor(launch(), broken, RestartRule.never(), VIRTUAL);

        task.start();
        TaskReport last = task.finished().get(10, TimeUnit.SECONDS);

        assertThat(last.getState()).isEqualTo(TaskState.FAILED);
        assertThat(last.getExitCode()).isEqualTo(127);
        assertThat(last.getMessage()).contains("disk full");
    }

    private static TaskSupervisor supervisor(ScriptedRuntime runtime, RestartPolicy policy, int maxAttempts, long backoffMillis) {
        RestartRule rule = RestartRule.of(RestartSpec.newBuilder()
                .setPolicy(policy).setMaxAttempts(maxAttempts).setBackoffMillis(backoffMillis).build());
        return new TaskSupervisor(launch(), runtime, rule, VIRTUAL);
    }

    private static TaskLaunch launch() {
        return new TaskLaunch("web", 0, 1, TaskTemplate.getDefaultInstance(), Path.of("/nonexistent"), "m1");
    }

    private static long gapMillis(ScriptedRuntime runtime, int run) {
        return Duration.ofNanos(runtime.startNanos.get(run) - runtime.startNanos.get(run - 1)).toMillis();
    }
}
