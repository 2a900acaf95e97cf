package borgcell.borglet.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import borgcell.api.v1.Resources;
import borgcell.api.v1.TaskTemplate;
import borgcell.borglet.health.CommandProbe;
import borgcell.borglet.health.ProbeResult;
import borgcell.borglet.runtime.RunningTask;
import borgcell.borglet.runtime.TaskLaunch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exec health checks of a container task run inside it, through runc exec, confined as the task is. */
class ContainerCommandBesideTest {

    @TempDir Path workDir;

    private final ContainerRuntime runtime = new ContainerRuntime(Runc.find().map(Runc::binary), TaskCgroup.DEFAULT_ROOT,
            Duration.ofMillis(500), 1 << 20, 32, TaskUids.DEFAULT);
    private RunningTask task;

    @BeforeEach
    void startAContainer() throws Exception {
        Optional<String> why = runtime.unavailable();
        if (why.isPresent()) {
            if ("true".equals(System.getenv("CI"))) {
                fail("CI=true, but containers cannot run here: " + why.get() + " (.ci/run installs runc)");
            }
            Assumptions.abort("containers cannot run here: " + why.get());
        }
        TaskTemplate template = TaskTemplate.newBuilder().addAllArgv(List.of("/bin/sh", "-c", "echo up > up; sleep 60"))
                .setResources(Resources.newBuilder().setRamBytes(64L << 20).setCpuMillis(100)).build();
        TaskLaunch launch = new TaskLaunch("checked", 0, 1, template, workDir.resolve("checked.0.1"), "m1", "alice");
        task = runtime.start(launch);
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(launch.taskDir().resolve("sandbox/up")));
    }

    @AfterEach
    void stopIt() {
        if (task != null) {
            task.kill();
            task.onExit().orTimeout(20, TimeUnit.SECONDS).join();
        }
    }

    @Test
    void runsInsideTheContainerAsItsUserInItsSandboxWithItsEnvironment() throws Exception {
        ProbeResult result = new CommandProbe(task, List.of("/bin/sh", "-c",
                "echo $(id -u) $(pwd) $BORG_JOB $(cat up) $(ls /proc | grep -c '^[0-9]')")).run(Duration.ofSeconds(10));

        assertThat(result.passed()).as(result.detail()).isTrue();
        String[] said = result.detail().substring("exit 0: ".length()).split(" ");
        assertThat(Integer.parseInt(said[0])).as("the task's uid").isBetween(TaskUids.DEFAULT.first(), TaskUids.DEFAULT.last());
        assertThat(List.of(said).subList(1, 4)).containsExactly("/sandbox", "checked", "up");
        assertThat(Integer.parseInt(said[4])).as("processes it sees: the container's alone").isLessThanOrEqualTo(6);
    }

    @Test
    void aHangingCommandIsCutByTheTimeoutInsideTheContainerToo() throws Exception {
        ProbeResult result = new CommandProbe(task, List.of("/bin/sh", "-c", "sleep 74")).run(Duration.ofMillis(500));

        assertThat(result).isEqualTo(ProbeResult.fail("timed out after 500 ms"));
        await().atMost(Duration.ofSeconds(5)).until(() -> ProcessHandle.allProcesses().noneMatch(p ->
                p.info().command().orElse("").endsWith("sleep") && List.of(p.info().arguments().orElse(new String[0])).contains("74")));
    }

    @Test
    void aFailingCommandFailsWithItsOutput() throws Exception {
        assertThat(new CommandProbe(task, List.of("/bin/sh", "-c", "touch /usr/x 2>&1; exit 4")).run(Duration.ofSeconds(10)))
                .isEqualTo(ProbeResult.fail("exit 4: touch: cannot touch '/usr/x': Read-only file system"));
    }
}
