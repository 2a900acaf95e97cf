package borgcell.borglet.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import borgcell.api.v1.TaskTemplate;
import borgcell.borglet.runtime.RunningTask;
import borgcell.borglet.runtime.TaskExit;
import borgcell.borglet.runtime.TaskLaunch;
import borgcell.borglet.runtime.TestPorts;
import borgcell.borglet.vmm.BusyboxGuests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessRuntimeTest {

    @TempDir Path workDir;

    private final ProcessRuntime runtime = new ProcessRuntime(Duration.ofMillis(500));
    private final List<RunningTask> started = new ArrayList<>();

    @AfterEach
    void killWhatIsLeft() {
        started.forEach(RunningTask::kill);
        started.forEach(t -> t.onExit().orTimeout(10, TimeUnit.SECONDS).join());
    }

    @Test
    void passesItsSelfTestOnThisHost() {
        assertThat(runtime.selfTest()).isTrue();
        assertThat(runtime.name()).isEqualTo("process");
    }

    @Test
    void reportsTheExitCodeOfAProcess() throws Exception {
        RunningTask task = start(template("/bin/sh", "-c", "exit 3"));

        assertThat(task.onExit().get(10, TimeUnit.SECONDS)).isEqualTo(new TaskExit.Exited(3));
    }

    @Test
    void capturesStdoutAndStderrToFilesInTheTaskDirectory() throws Exception {
        RunningTask task = start(template("/bin/sh", "-c", "echo to-out; echo to-err >&2"));
        task.onExit().get(10, TimeUnit.SECONDS);

        Path dir = workDir.resolve("tasks/hello.0.1");
        assertThat(Files.readString(dir.resolve("stdout"))).isEqualTo("to-out\n");
        assertThat(Files.readString(dir.resolve("stderr"))).isEqualTo("to-err\n");
    }

    @Test
    void runsInItsDirectoryWithTheTemplateEnvironmentAndTheBorgVariables() throws Exception {
        TaskTemplate template = template("/bin/sh", "-c",
                "echo \"$GREETING $BORG_JOB $BORG_TASK_INDEX $BORG_TASK_ATTEMPT $BORG_MACHINE $(pwd)\"").toBuilder()
                .putEnv("GREETING", "hi")
                .build();
        RunningTask task = start(template);
        task.onExit().get(10, TimeUnit.SECONDS);

        Path dir = workDir.resolve("tasks/hello.0.1");
        assertThat(Files.readString(dir.resolve("stdout")))
                .isEqualTo("hi hello 0 1 m1 " + dir.toRealPath() + "\n");
    }

    @Test
    void resolvesTheProgramThroughThePath() throws Exception {
        RunningTask task = start(template("sh", "-c", "exit 0"));

        assertThat(task.onExit().get(10, TimeUnit.SECONDS)).isEqualTo(new TaskExit.Exited(0));
    }

    @Test
    void killEndsALongSleepQuicklyAsKilled() throws Exception {
        RunningTask task = start(template("/bin/sh", "-c", "sleep 60; echo never"));
        await().until(() -> ProcessHandle.of(task.pid()).orElseThrow().descendants().findAny().isPresent());
        List<ProcessHandle> tree = treeOf(task.pid());

        long before = System.nanoTime();
        task.kill();
        TaskExit exit = task.onExit().get(10, TimeUnit.SECONDS);

        assertThat(exit).isInstanceOf(TaskExit.Killed.class);
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(5));
        assertThat(tree).allMatch(ProcessTree::isGone);
    }

    @Test
    void killForcesATaskThatIgnoresSigterm() throws Exception {
        RunningTask task = start(template("/bin/sh", "-c", "trap '' TERM; echo ready; while true; do sleep 1; done"));
        Path stdout = workDir.resolve("tasks/hello.0.1/stdout");
        await().until(() -> Files.exists(stdout) && Files.readString(stdout).contains("ready"));
        List<ProcessHandle> tree = treeOf(task.pid());

        task.kill();
        TaskExit exit = task.onExit().get(10, TimeUnit.SECONDS);

        assertThat(exit).isEqualTo(new TaskExit.Killed(128 + 9));
        assertThat(tree).allMatch(ProcessTree::isGone);
    }

    @Test
    void recordsTheRunningProcessInItsTaskDirectoryAndRemovesTheRecordWhenItEnds() throws Exception {
        RunningTask task = start(template("/bin/sh", "-c", "while [ ! -e go ]; do sleep 0.05; done"));
        Path dir = workDir.resolve("tasks/hello.0.1");

        ProcessHandle process = ProcessHandle.of(task.pid()).orElseThrow();
        assertThat(ProcessRecord.readFrom(dir)).contains(ProcessRecord.of(process).orElseThrow());
        assertThat(Files.readAllLines(dir.resolve(ProcessRecord.FILE_NAME)))
                .containsExactly("pid " + task.pid(), "start " + process.info().startInstant().orElseThrow());

        Files.createFile(dir.resolve("go"));
        assertThat(task.onExit().get(10, TimeUnit.SECONDS)).isEqualTo(new TaskExit.Exited(0));
        assertThat(dir.resolve(ProcessRecord.FILE_NAME)).doesNotExist();
    }

    @Test
    void removesTheRecordOfAKilledTaskOnceItsTreeIsGone() throws Exception {
        RunningTask task = start(template("/bin/sh", "-c", "sleep 60 & sleep 60; true"));
        Path record = workDir.resolve("tasks/hello.0.1").resolve(ProcessRecord.FILE_NAME);
        assertThat(record).exists();
        await().until(() -> ProcessHandle.of(task.pid()).orElseThrow().descendants().count() >= 2);

        task.kill();
        task.onExit().get(10, TimeUnit.SECONDS);

        assertThat(record).doesNotExist();
    }

    @Test
    void aMissingBinaryFailsWith127AndAMessageNamingIt() throws Exception {
        RunningTask task = start(template("no-such-binary-anywhere", "arg"));

        TaskExit exit = task.onExit().get(10, TimeUnit.SECONDS);

        assertThat(exit.exitCode()).isEqualTo(127);
        assertThat(exit).isInstanceOf(TaskExit.NotStarted.class);
        assertThat(exit.message()).contains("no-such-binary-anywhere");
        assertThat(Files.readString(workDir.resolve("tasks/hello.0.1/stderr"))).contains("no-such-binary-anywhere");
        assertThat(workDir.resolve("tasks/hello.0.1").resolve(ProcessRecord.FILE_NAME)).doesNotExist();
    }

    @Test
    void anEmptyArgvFailsWith127() throws Exception {
        RunningTask task = start(TaskTemplate.getDefaultInstance());

        assertThat(task.onExit().get(10, TimeUnit.SECONDS).exitCode()).isEqualTo(127);
    }

    @Test
    void givesTheTaskItsPortsAsBorgPortVariablesAndBindsNoneOfThem() throws Exception {
        Path busybox = BusyboxGuests.busybox();
        int http = TestPorts.freePort();
        TaskLaunch launch = new TaskLaunch("hello", 0, 1, template("/bin/sh", "-c",
                "echo $BORG_PORT_HTTP $BORG_PORT_GRPC_WEB; exec " + busybox + " httpd -f -p 127.0.0.1:$BORG_PORT_HTTP"),
                workDir.resolve("tasks/hello.0.1"), "m1", "alice",
                List.of(TestPorts.port("http", http), TestPorts.port("grpc-web", 20001)));
        started.add(runtime.start(launch));

        // The task binds its port itself: had the runtime held it, httpd could not listen there.
        TestPorts.awaitListening(http, Duration.ofSeconds(10));
        assertThat(Files.readString(launch.stdoutFile())).isEqualTo(http + " 20001\n");
    }

    private RunningTask start(TaskTemplate template) throws Exception {
        TaskLaunch launch = new TaskLaunch("hello", 0, 1, template, workDir.resolve("tasks/hello.0.1"), "m1");
        RunningTask task = runtime.start(launch);
        started.add(task);
        return task;
    }

    private static TaskTemplate template(String... argv) {
        return TaskTemplate.newBuilder().addAllArgv(List.of(argv)).build();
    }

    private static List<ProcessHandle> treeOf(long pid) {
        ProcessHandle root = ProcessHandle.of(pid).orElseThrow();
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(root);
        root.descendants().forEach(tree::add);
        return tree;
    }
}
