package borgcell.borglet.health;

import static borgcell.borglet.health.ProcessTasks.exec;
import static borgcell.borglet.health.ProcessTasks.http;
import static borgcell.borglet.health.ProcessTasks.port;
import static borgcell.borglet.health.ProcessTasks.shell;
import static borgcell.borglet.health.ProcessTasks.tcp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import borgcell.api.v1.TaskReport;
import borgcell.api.v1.TaskState;
import borgcell.borglet.task.TaskSupervisor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readiness of real process tasks: exec, HTTP against busybox's httpd, TCP; ready follows the server. */
class ReadinessTest {

    @TempDir Path workDir;
    @TempDir Path www;

    private ProcessTasks tasks;

    @AfterEach
    void stopTasks() throws Exception {
        tasks.close();
    }

    private ProcessTasks tasks() {
        tasks = new ProcessTasks(workDir);
        return tasks;
    }

    @Test
    void aTaskWithoutAReadinessCheckIsReadyWhileItRuns() {
        TaskSupervisor task = tasks().start("plain", shell("sleep 60").build());

        await().until(() -> task.report().getReady());
        assertThat(task.report().getHealth()).isEmpty();
        task.kill();
        await().until(task::isFinished);
        assertThat(task.report().getReady()).isFalse();
    }

    @Test
    void anExecCheckRunsInTheTasksDirectoryWithItsEnvironmentAndReadinessFollowsIt() throws Exception {
        // Ready while the task's directory holds "ready" and the check sees the task's own variables.
        TaskSupervisor task = tasks().start("web", shell("sleep 60")
                .setReadiness(exec("/bin/sh", "-c",
                        "test \"$BORG_JOB/$BORG_TASK_INDEX\" = web/0 && test -f ready || { echo no ready file; exit 1; }")).build());
        Path dir = tasks.taskDir("web");

        await().until(() -> task.report().getHealth().startsWith("readiness: "));
        assertThat(task.report().getReady()).isFalse();
        assertThat(task.report().getHealth()).isEqualTo("readiness: exit 1: no ready file");

        Files.writeString(dir.resolve("ready"), "fine\n");
        await().until(() -> task.report().getReady());
        assertThat(task.report().getHealth()).isEqualTo("passing");

        Files.delete(dir.resolve("ready"));
        await().until(() -> !task.report().getReady());
        assertThat(task.report().getState()).isEqualTo(TaskState.RUNNING);
    }

    @Test
    void anHttpCheckAgainstARealServerIsReadyWhileItServesAndNotOnceItStops() throws Exception {
        Files.writeString(www.resolve("index.html"), "ok\n");
        BusyboxHttpd httpd = BusyboxHttpd.serve(www);
        TaskSupervisor task = tasks().start("front", shell("sleep 60").setReadiness(http("web", "/")).build(),
                port("web", httpd.port()));

        await().until(() -> task.report().getReady());
        assertThat(task.report().getHealth()).isEqualTo("passing");

        Files.delete(www.resolve("index.html"));
        await().until(() -> !task.report().getReady());
        assertThat(task.report().getHealth()).isEqualTo("readiness: HTTP 404 on /");

        Files.writeString(www.resolve("index.html"), "ok again\n");
        await().until(() -> task.report().getReady());

        httpd.close();
        await().until(() -> !task.report().getReady());
        // Refused, or, for a probe that got in as the server was going, closed unanswered.
        assertThat(task.report().getHealth()).isIn("readiness: connection refused on port web (" + httpd.port() + ")",
                "readiness: connection closed before an answer on port web (" + httpd.port() + ")");
    }

    @Test
    void aTcpCheckIsReadyWhileThePortAccepts() throws Exception {
        RawServer server = RawServer.silent();
        TaskSupervisor task = tasks().start("db", shell("sleep 60").setReadiness(tcp("db")).build(), port("db", server.port()));

        await().until(() -> task.report().getReady());
        server.close();
        await().until(() -> !task.report().getReady());
        assertThat(task.report().getHealth()).isEqualTo("readiness: connection refused on port db (" + server.port() + ")");
    }

    @Test
    void aCheckNamingAPortTheTaskWasNotGivenNeverPasses() {
        TaskSupervisor task = tasks().start("lost", shell("sleep 60").setReadiness(tcp("admin")).build(), port("web", 8080));

        await().until(() -> !task.report().getHealth().equals("starting"));
        assertThat(task.report().getReady()).isFalse();
        assertThat(task.report().getHealth()).isEqualTo("readiness: port \"admin\" was not given to this task");
    }

    @Test
    void aSteadyTaskReportsTheSameReadinessAndHealthOnEveryHeartbeat() throws Exception {
        // Probed every 100 ms, reported every 20 ms for 2 s: the report must not move once passing,
        // whatever each probe said in its detail, so the leader has nothing to commit.
        TaskSupervisor task = tasks().start("steady", shell("sleep 60")
                .setReadiness(exec("/bin/sh", "-c", "date +%N")).setLiveness(exec("/bin/true")).build());
        await().until(() -> task.report().getReady());

        Set<TaskReport> seen = new HashSet<>();
        long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < end) {
            seen.add(task.report());
            Thread.sleep(20);
        }
        assertThat(seen).hasSize(1);
        assertThat(seen.iterator().next().getHealth()).isEqualTo("passing");
    }
}
