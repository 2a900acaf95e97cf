package borgcell.borglet.health;

import static borgcell.borglet.health.ProcessTasks.shell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import borgcell.borglet.runtime.RunningTask;
import borgcell.borglet.runtime.TaskExit;
import borgcell.borglet.runtime.TaskLaunch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands run beside a real process task: output kept, hangs cut, missing programs named. */
class CommandProbeTest {

    @TempDir Path workDir;

    private RunningTask task;

    @BeforeEach
    void startTask() throws Exception {
        task = ProcessTasks.RUNTIME.start(new TaskLaunch("probed", 0, 1, shell("sleep 60").build(), workDir.resolve("t"), "m1"));
    }

    @AfterEach
    void stopTask() {
        task.kill();
        task.onExit().orTimeout(10, TimeUnit.SECONDS).join();
    }

    @Test
    void passesOnExitZeroAndSaysWhatTheCommandSaidWhenItFails() throws Exception {
        assertThat(new CommandProbe(task, List.of("/bin/sh", "-c", "pwd")).run(Duration.ofSeconds(5)))
                .isEqualTo(ProbeResult.pass("exit 0: " + workDir.resolve("t")));
        assertThat(new CommandProbe(task, List.of("/bin/sh", "-c", "echo database down >&2; exit 3")).run(Duration.ofSeconds(5)))
                .isEqualTo(ProbeResult.fail("exit 3: database down"));
    }

    @Test
    void aCommandThatFloodsItsOutputDoesNotBlockAndKeepsOnlyTheStart() throws Exception {
        ProbeResult result = new CommandProbe(task, List.of("/bin/sh", "-c", "yes | head -c 1000000; exit 2"))
                .run(Duration.ofSeconds(10));
        assertThat(result.passed()).isFalse();
        assertThat(result.detail()).startsWith("exit 2: y y y").hasSize(ProbeResult.MAX_DETAIL);
    }

    @Test
    void aCommandThatHangsIsCutByTheTimeoutWithEverythingItStarted() throws Exception {
        String marker = "probe-" + UUID.randomUUID();
        long t0 = System.nanoTime();
        ProbeResult result = new CommandProbe(task, List.of("/bin/sh", "-c", "sleep 71 & sleep 72; : " + marker))
                .run(Duration.ofMillis(300));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(result).isEqualTo(ProbeResult.fail("timed out after 300 ms"));
        assertThat(took).isLessThan(Duration.ofSeconds(2));
        await().atMost(Duration.ofSeconds(5)).until(() -> ProcessHandle.current().descendants()
                .noneMatch(p -> p.info().commandLine().orElse("").contains(marker) || isProbeSleep(p)));
    }

    @Test
    void aProgramThatIsNotThereIsNamed() throws Exception {
        ProbeResult result = new CommandProbe(task, List.of("/no/such/probe", "--ok")).run(Duration.ofSeconds(5));
        assertThat(result.passed()).isFalse();
        assertThat(result.detail()).startsWith("cannot run /no/such/probe: ").endsWith("(No such file or directory)");
    }

    @Test
    void aRuntimeThatCannotRunACommandBesideItsTaskFailsTheCheckSayingSo() throws Exception {
        RunningTask vmLike = new RunningTask() {
            @Override
            public long pid() {
                return -1;
            }

            @Override
            public CompletableFuture<TaskExit> onExit() {
                return new CompletableFuture<>();
            }

            @Override
            public void kill() {
            }
        };
        assertThat(new CommandProbe(vmLike, List.of("/bin/true")).run(Duration.ofSeconds(1)))
                .isEqualTo(ProbeResult.fail("this task's runtime cannot run a command beside it"));
    }

    @Test
    void aTaskThatHasEndedHasNothingToRunBeside() throws Exception {
        task.kill();
        task.onExit().get(10, TimeUnit.SECONDS);
        assertThat(new CommandProbe(task, List.of("/bin/true")).run(Duration.ofSeconds(1)).passed()).isFalse();
    }

    /** The probe's sleeps (the task's own is "sleep 60"). */
    private static boolean isProbeSleep(ProcessHandle p) {
        List<String> args = List.of(p.info().arguments().orElse(new String[0]));
        return p.info().command().orElse("").endsWith("sleep") && (args.contains("71") || args.contains("72"));
    }
}
