package borgcell.borglet.runtime.microvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import borgcell.api.v1.Resources;
import borgcell.api.v1.TaskTemplate;
import borgcell.borglet.runtime.RunningTask;
import borgcell.borglet.runtime.TaskExit;
import borgcell.borglet.runtime.TaskLaunch;
import borgcell.borglet.vmm.MuslGuests;
import borgcell.borglet.vmm.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** Tasks in microVMs through the TaskRuntime interface, as the Borglet's supervisors drive them. */
@ParameterizedClass(name = "on {0}")
@MethodSource("borgcell.borglet.vmm.TestPlatforms#available")
class MicroVmRuntimeTest {

    @TempDir Path workDir;
    private final MicroVmRuntime runtime;
    private final Platform platform;

    MicroVmRuntimeTest(Platform platform) {
        this.platform = platform;
        this.runtime = new MicroVmRuntime(4096, platform);
    }

    @BeforeAll
    static void needsMusl() {
        MuslGuests.assumeMuslGcc();
    }

    @Test
    void passesItsSelfTestAndNamesItsPlatformInTheMachinesAttributes() {
        assertThat(runtime.selfTest()).isTrue();
        assertThat(runtime.name()).isEqualTo("microvm");
        assertThat(runtime.attributes()).containsExactly(java.util.Map.entry("platform", platform.name()));
    }

    @Test
    void runsAStaticBinaryCopiedIntoItsSandboxWithTheTaskEnvironmentAndLogsItsOutput() throws Exception {
        Path echo = MuslGuests.compiled("echo_args_env");
        TaskLaunch launch = launch("web", template(echo.toAbsolutePath().toString(), "one", "two").putEnv("COLOR", "blue"));

        TaskExit exit = runtime.start(launch).onExit().get(30, TimeUnit.SECONDS);

        assertThat(exit).isEqualTo(new TaskExit.Exited(0));
        Path dir = launch.taskDir();
        assertThat(Files.readString(dir.resolve("stdout"))).contains("argv[0]=/bin/echo_args_env", "argv[2]=two",
                "env: COLOR=blue", "env: BORG_JOB=web", "env: BORG_TASK_DIR=/", "env: HOME=/");
        assertThat(dir.resolve("bin/echo_args_env")).hasSameBinaryContentAs(echo);
    }

    @Test
    void aGuestFindsItsPortsInItsEnvironment() throws Exception {
        Path echo = MuslGuests.compiled("echo_args_env");
        TaskLaunch plain = launch("web", template(echo.toAbsolutePath().toString()));
        TaskLaunch launch = new TaskLaunch(plain.job(), 0, 1, plain.template(), plain.taskDir(), "m1", "alice",
                List.of(borgcell.api.v1.AllocatedPort.newBuilder().setName("http").setPort(20007).build()));

        assertThat(runtime.start(launch).onExit().get(30, TimeUnit.SECONDS)).isEqualTo(new TaskExit.Exited(0));
        assertThat(Files.readString(launch.taskDir().resolve("stdout"))).contains("env: BORG_PORT_HTTP=20007");
    }

    @Test
    void aGuestReadsTheFilesOfItsTaskDirectoryAsItsRoot() throws Exception {
        Path wait = MuslGuests.compiled("wait_for_go");
        TaskLaunch launch = launch("batch", template(wait.toAbsolutePath().toString()));

        RunningTask task = runtime.start(launch);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(launch.taskDir().resolve("stdout")).contains("waiting"));
        assertThat(task.onExit()).isNotDone();
        Files.createFile(launch.taskDir().resolve("go"));

        assertThat(task.onExit().get(10, TimeUnit.SECONDS)).isEqualTo(new TaskExit.Exited(0));
        assertThat(Files.readString(launch.taskDir().resolve("stdout"))).isEqualTo("waiting\ndone\n");
    }

    @Test
    void killEndsASleepingTaskWithin100MillisecondsAs137() throws Exception {
        Path sleep = MuslGuests.compiled("sleep");
        TaskLaunch launch = launch("svc", template(sleep.toAbsolutePath().toString(), "forever"));
        RunningTask task = runtime.start(launch);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(launch.taskDir().resolve("stdout")).contains("sleeping"));

        long kicked = System.nanoTime();
        task.kill();
        TaskExit exit = task.onExit().get(5, TimeUnit.SECONDS);

        assertThat(exit).isEqualTo(new TaskExit.Killed(137));
        assertThat((System.nanoTime() - kicked) / 1_000_000).isLessThan(100);
        assertThat(task.pid()).isEqualTo(-1);
    }

    @Test
    void aSegfaultEndsWith139AndACrashReportInTheTaskLog() throws Exception {
        TaskLaunch launch = launch("crash", template(MuslGuests.compiled("segfault").toAbsolutePath().toString()));

        TaskExit exit = runtime.start(launch).onExit().get(30, TimeUnit.SECONDS);

        assertThat(exit).isEqualTo(new TaskExit.Exited(139));
        assertThat(Files.readString(launch.taskDir().resolve("stderr"))).contains("microvm: guest fault: #PF page fault (SIGSEGV)");
    }

    @Test
    void whatIsNotAStaticBinaryDoesNotStartAndSaysWhy() throws Exception {
        Path script = Files.writeString(workDir.resolve("script.sh"), "#!/bin/sh\necho hi\n");
        List<String[]> cases = List.of(
                new String[] {workDir.resolve("missing").toString(), "no such file"},
                new String[] {workDir.toString(), "not a regular file"},
                new String[] {script.toString(), "ELF"});
        int i = 0;
        for (String[] c : cases) {
            TaskLaunch launch = launch("bad" + i++, template(c[0]));
            TaskExit exit = runtime.start(launch).onExit().get(5, TimeUnit.SECONDS);

            assertThat(exit).isInstanceOf(TaskExit.NotStarted.class);
            assertThat(exit.exitCode()).isEqualTo(TaskExit.CANNOT_START);
            assertThat(exit.message()).contains(c[0]).containsIgnoringCase(c[1]);
            assertThat(Files.readString(launch.taskDir().resolve("stderr"))).contains(exit.message());
        }
        TaskExit tooBig = runtime.start(launch("huge", template(MuslGuests.compiled("hello").toString())
                .setResources(Resources.newBuilder().setRamBytes(1L << 40)))).onExit().get();
        assertThat(tooBig.message()).contains("at most 64 GiB");
    }

    @Test
    void theRamRequestIsTheGuestsHardLimit() throws Exception {
        Path hog = MuslGuests.compiled("hog");
        TaskLaunch small = launch("small", template(hog.toAbsolutePath().toString())
                .setResources(Resources.newBuilder().setRamBytes(16L << 20)));
        TaskLaunch large = launch("large", template(hog.toAbsolutePath().toString())
                .setResources(Resources.newBuilder().setRamBytes(64L << 20)));

        assertThat(runtime.start(small).onExit().get(60, TimeUnit.SECONDS)).isEqualTo(new TaskExit.Exited(0));
        assertThat(runtime.start(large).onExit().get(60, TimeUnit.SECONDS)).isEqualTo(new TaskExit.Exited(0));

        assertThat(mibAllocated(small)).isBetween(8, 15);
        assertThat(mibAllocated(large)).isBetween(50, 63);
    }

    private static int mibAllocated(TaskLaunch launch) throws Exception {
        String out = Files.readString(launch.taskDir().resolve("stdout"));
        assertThat(out).matches("allocated \\d+ MiB, then malloc failed\n");
        return Integer.parseInt(out.split(" ")[1]);
    }

    private TaskLaunch launch(String job, TaskTemplate.Builder template) {
        return new TaskLaunch(job, 0, 1, template.setRuntime("microvm").build(), workDir.resolve("tasks/" + job + ".0.1"), "m1");
    }

    private static TaskTemplate.Builder template(String... argv) {
        return TaskTemplate.newBuilder().addAllArgv(List.of(argv));
    }
}
