package borgcell.borglet.health;

import static borgcell.borglet.health.ProcessTasks.exec;
import static borgcell.borglet.health.ProcessTasks.restart;
import static borgcell.borglet.health.ProcessTasks.shell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import borgcell.api.v1.RestartPolicy;
import borgcell.api.v1.TaskReport;
import borgcell.api.v1.TaskState;
import borgcell.borglet.task.TaskSupervisor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Liveness of real process tasks: a failing check ends the run as a failure, and the restart rule decides. */
class LivenessTest {

    @TempDir Path workDir;

    private ProcessTasks tasks;

    @AfterEach
    void stopTasks() throws Exception {
        tasks.close();
    }

    /**
     * A task that notes the pid of each run, and a liveness check that fails while its directory
     * holds "sick" (which a restart cures: each run removes it) or "incurable".
     */
    private TaskSupervisor sickWhenTold(String job, RestartPolicy policy, int maxAttempts) {
        tasks = new ProcessTasks(workDir);
        return tasks.start(job, shell("rm -f sick; echo $$ >> pids; sleep 60")
                .setLiveness(exec("/bin/sh", "-c", "test ! -e sick -a ! -e incurable || { echo told to be sick; exit 1; }")
                        .setFailureThreshold(2))
                .setRestart(restart(policy, maxAttempts)).build());
    }

    @Test
    void aFailingLivenessCheckKillsTheRunAndOnFailureRestartsIt() throws Exception {
        TaskSupervisor task = sickWhenTold("web", RestartPolicy.ON_FAILURE, 5);
        Path dir = tasks.taskDir("web");
        await().until(() -> pids(dir).size() == 1 && task.report().getHealth().equals("passing"));
        long firstPid = pids(dir).getFirst();

        Files.createFile(dir.resolve("sick"));
        await().until(() -> task.report().getRestarts() == 1);
        TaskReport restarting = task.report();
        assertThat(restarting.getState()).isEqualTo(TaskState.RUNNING);
        assertThat(restarting.getMessage()).startsWith("liveness check failed: exit 1: told to be sick; restarting in ");
        assertThat(ProcessHandle.of(firstPid).filter(ProcessHandle::isAlive)).as("the unhealthy run was killed").isEmpty();

        await().until(() -> pids(dir).size() == 2 && task.report().getHealth().equals("passing"));
        Thread.sleep(500); // cured by the restart: five more probes, no more restarts
        assertThat(task.report().getRestarts()).isEqualTo(1);
        assertThat(task.report().getReady()).isTrue();
    }

    @Test
    void aTaskThatStaysUnhealthyUsesUpItsRestartsAndFails() throws Exception {
        TaskSupervisor task = sickWhenTold("web", RestartPolicy.ON_FAILURE, 3);
        Files.createDirectories(tasks.taskDir("web"));
        Files.createFile(tasks.taskDir("web").resolve("incurable"));

        TaskReport last = task.finished().get(20, TimeUnit.SECONDS);

        assertThat(last.getState()).isEqualTo(TaskState.FAILED);
        assertThat(last.getRestarts()).isEqualTo(2);
        assertThat(last.getMessage()).isEqualTo("liveness check failed: exit 1: told to be sick");
        assertThat(last.getExitCode()).as("SIGTERM's").isEqualTo(143);
        assertThat(last.getReady()).isFalse();
        assertThat(pids(tasks.taskDir("web"))).hasSize(3);
    }

    @Test
    void underRestartPolicyNeverALivenessFailureEndsTheTaskFailed() throws Exception {
        TaskSupervisor task = sickWhenTold("web", RestartPolicy.NEVER, 0);
        Files.createDirectories(tasks.taskDir("web"));
        Files.createFile(tasks.taskDir("web").resolve("incurable"));

        TaskReport last = task.finished().get(20, TimeUnit.SECONDS);

        assertThat(last.getState()).isEqualTo(TaskState.FAILED);
        assertThat(last.getRestarts()).isZero();
        assertThat(last.getMessage()).isEqualTo("liveness check failed: exit 1: told to be sick");
    }

    @Test
    void aTaskThatExitsZeroOnSigtermIsStillAFailureOfItsLiveness() throws Exception {
        tasks = new ProcessTasks(workDir);
        TaskSupervisor task = tasks.start("polite", shell("trap 'exit 0' TERM; while true; do sleep 0.05; done")
                .setLiveness(exec("/bin/false")).build());

        TaskReport last = task.finished().get(20, TimeUnit.SECONDS);

        assertThat(last.getState()).isEqualTo(TaskState.FAILED);
        assertThat(last.getExitCode()).isZero();
        assertThat(last.getMessage()).isEqualTo("liveness check failed: exit 1");
    }

    @Test
    void theInitialDelayHoldsAfterEveryStart() throws Exception {
        // Always failing, first probed 700 ms after each start: each run lives at least that long.
        tasks = new ProcessTasks(workDir);
        TaskSupervisor task = tasks.start("slow", shell("date +%s%N >> starts; sleep 60")
                .setLiveness(exec("/bin/false").setInitialDelayMillis(700))
                .setRestart(restart(RestartPolicy.ALWAYS, 3)).build());

        TaskReport last = task.finished().get(20, TimeUnit.SECONDS);

        assertThat(last.getState()).isEqualTo(TaskState.FAILED);
        assertThat(last.getRestarts()).isEqualTo(2);
        List<Long> starts = Files.readAllLines(tasks.taskDir("slow").resolve("starts")).stream().map(Long::parseLong).toList();
        assertThat(starts).hasSize(3);
        for (int i = 1; i < starts.size(); i++) {
            assertThat(Duration.ofNanos(starts.get(i) - starts.get(i - 1))).as("run %d lived", i)
                    .isGreaterThanOrEqualTo(Duration.ofMillis(700));
        }
    }

    @Test
    void aKillFromTheCellWhileUnhealthyIsAKillNotAFailure() throws Exception {
        tasks = new ProcessTasks(workDir);
        TaskSupervisor task = tasks.start("doomed", shell("sleep 60")
                .setLiveness(exec("/bin/sh", "-c", "sleep 0.3; exit 1").setFailureThreshold(1))
                .setRestart(restart(RestartPolicy.ALWAYS, 0)).build());
        await().until(() -> task.pid() > 0);

        task.kill();

        assertThat(task.finished().get(20, TimeUnit.SECONDS).getState()).isEqualTo(TaskState.KILLED);
    }

    private static List<Long> pids(Path dir) throws Exception {
        Path file = dir.resolve("pids");
        return Files.exists(file) ? Files.readAllLines(file).stream().filter(l -> !l.isBlank()).map(Long::parseLong).toList()
                : List.of();
    }
}
