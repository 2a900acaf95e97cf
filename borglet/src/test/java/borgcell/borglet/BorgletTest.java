package borgcell.borglet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import borgcell.api.v1.RegisterRequest;
import borgcell.api.v1.Resources;
import borgcell.api.v1.TaskAssignment;
import borgcell.api.v1.TaskReport;
import borgcell.api.v1.TaskState;
import borgcell.api.v1.TaskTemplate;
import borgcell.borglet.runtime.RunningTask;
import borgcell.borglet.runtime.TaskLaunch;
import borgcell.borglet.runtime.TaskRuntime;
import borgcell.borglet.runtime.process.ProcessRuntime;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BorgletTest {

    private static final Resources CAPACITY = Resources.newBuilder()
            .setCpuMillis(4000).setRamBytes(8L << 30).setDiskBytes(100L << 30).setPorts(1000).build();

    @TempDir Path workDir;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
    }

    @Test
    void registersWithItsCapacityAttributesAndTheRuntimesThatPassedTheirSelfTest() throws Exception {
        FakeMaster master = master(FakeMaster.start());

        borglet(master.address());

        await().until(() -> !master.registrations.isEmpty());
        RegisterRequest registration = master.registrations.getFirst();
        assertThat(registration.getMachineId()).isEqualTo("m1");
        assertThat(registration.getCapacity()).isEqualTo(CAPACITY);
        assertThat(registration.getAttributesMap()).containsEntry("rack", "r1");
        assertThat(registration.getRuntimesList()).containsExactly("process");
    }

    @Test
    void retriesRegistrationUntilAMasterAnswers() throws Exception {
        FakeMaster master = master(FakeMaster.start());

        borglet(deadAddress(), master.address());

        await().until(() -> master.heartbeats.size() >= 2);
        assertThat(master.registrations).hasSize(1);
    }

    @Test
    void startsADesiredTaskAndReportsItRunningThenSucceededWithItsExitCode() throws Exception {
        FakeMaster master = master(FakeMaster.start());
        // Runs until the test drops a file named "go" into its task directory.
        master.desired = List.of(task("batch", 0, 1, "while [ ! -e go ]; do sleep 0.05; done; echo done"));
        borglet(master.address());

        await().until(() -> state(master, "batch", 0, 1) == TaskState.RUNNING);
        Path taskDir = workDir.resolve("tasks/batch.0.1");
        Files.createFile(taskDir.resolve("go"));

        await().until(() -> state(master, "batch", 0, 1) == TaskState.SUCCEEDED);
        assertThat(master.lastReport("batch", 0, 1).orElseThrow().getExitCode()).isZero();
        assertThat(Files.readString(taskDir.resolve("stdout"))).isEqualTo("done\n");
    }

    @Test
    void reportsAFailedTaskWithItsExitCodeAndDoesNotStartItAgainWhileStillDesired() throws Exception {
        FakeMaster master = master(FakeMaster.start());
        master.desired = List.of(task("batch", 0, 1, "echo started; exit 3"));
        borglet(master.address());

        await().until(() -> state(master, "batch", 0, 1) == TaskState.FAILED);
        int seen = master.heartbeats.size();
        await().until(() -> master.heartbeats.size() >= seen + 3);

        TaskReport report = master.lastReport("batch", 0, 1).orElseThrow();
        assertThat(report.getExitCode()).isEqualTo(3);
        assertThat(report.getMessage()).isEqualTo("exited with code 3");
        assertThat(Files.readString(workDir.resolve("tasks/batch.0.1/stdout"))).isEqualTo("started\n");
    }

    @Test
    void killsATaskThatIsNoLongerDesiredAndStopsReportingItOnceReported() throws Exception {
        FakeMaster master = master(FakeMaster.start());
        master.desired = List.of(task("web", 0, 1, "echo $$ > pid; sleep 60"));
        borglet(master.address());
        Path pidFile = workDir.resolve("tasks/web.0.1/pid");
        await().until(() -> state(master, "web", 0, 1) == TaskState.RUNNING && Files.exists(pidFile)
                && !Files.readString(pidFile).isBlank());
        long pid = Long.parseLong(Files.readString(pidFile).trim());

        master.desired = List.of();

        await().until(() -> state(master, "web", 0, 1) == TaskState.KILLED);
        assertThat(Processes.isGone(pid)).isTrue();
        await().until(() -> master.heartbeats.getLast().getTasksList().isEmpty());
    }

    @Test
    void movesToTheNextMasterWhenAFollowerRefusesHeartbeats() throws Exception {
        FakeMaster follower = master(FakeMaster.follower());
        FakeMaster leader = master(FakeMaster.start());

        borglet(follower.address(), leader.address());

        await().until(() -> leader.heartbeats.size() >= 3);
        int refusals = follower.refusedHeartbeats.get();
        int seen = leader.heartbeats.size();
        await().until(() -> leader.heartbeats.size() >= seen + 3);
        assertThat(follower.refusedHeartbeats.get()).as("the follower is not asked again").isEqualTo(refusals);
    }

    @Test
    void goesStraightToTheLeaderAFollowerNames() throws Exception {
        FakeMaster leader = master(FakeMaster.start());
        FakeMaster naming = master(FakeMaster.follower(leader.address()));
        FakeMaster silent = master(FakeMaster.follower());

        borglet(naming.address(), silent.address(), leader.address());

        await().until(() -> leader.heartbeats.size() >= 3);
        assertThat(naming.refusedHeartbeats.get()).isEqualTo(1);
        assertThat(silent.refusedHeartbeats.get()).isZero();
    }

    @Test
    void registersAgainWhenTheCellDoesNotKnowTheMachine() throws Exception {
        FakeMaster master = master(FakeMaster.start());
        master.desired = List.of(task("web", 0, 1, "sleep 60"));
        borglet(master.address());
        await().until(() -> state(master, "web", 0, 1) == TaskState.RUNNING);

        master.forgetMachine.set(1);

        await().until(() -> master.registrations.size() == 2);
        int seen = master.heartbeats.size();
        await().until(() -> master.heartbeats.size() >= seen + 2);
        assertThat(state(master, "web", 0, 1)).as("tasks survive a re-registration").isEqualTo(TaskState.RUNNING);
    }

    @Test
    void closeLeavesNoChildProcessAlive() throws Exception {
        FakeMaster master = master(FakeMaster.start());
        master.desired = List.of(
                task("web", 0, 1, "sleep 60; true"),
                task("web", 1, 1, "sleep 60; true"),
                task("web", 2, 1, "trap '' TERM; while true; do sleep 1; done"));
        Borglet borglet = borglet(master.address());
        await().until(() -> tasksProcesses().count() >= 6);
        List<ProcessHandle> started = tasksProcesses().toList();

        borglet.close();

        assertThat(ProcessHandle.current().children().filter(p -> !Processes.isMicroVmStub(p))).isEmpty();
        assertThat(started).allMatch(p -> Processes.isGone(p.pid()));
    }

    /** The JVM's descendants but the microVM stubs other tests' guests left prepared. */
    private static java.util.stream.Stream<ProcessHandle> tasksProcesses() {
        return ProcessHandle.current().descendants().filter(p -> !Processes.isMicroVmStub(p));
    }

    @Test
    void aKilledBorgletsOrphansAreKilledWhenItStartsAgain() throws Exception {
        // What a Borglet killed with SIGKILL leaves behind: a task tree running, its record on disk.
        RunningTask orphan = new ProcessRuntime(Duration.ofMillis(300)).start(new TaskLaunch("web", 0, 1,
                TaskTemplate.newBuilder().addArgv("/bin/sh").addArgv("-c").addArgv("sleep 60 & sleep 60; true").build(),
                workDir.resolve("tasks/web.0.1"), "m1"));
        toClose.add(() -> {
            orphan.kill();
            orphan.onExit().join();
        });
        ProcessHandle root = ProcessHandle.of(orphan.pid()).orElseThrow();
        await().until(() -> root.descendants().count() >= 2);
        List<Long> tree = Stream.concat(Stream.of(root), root.descendants()).map(ProcessHandle::pid).toList();
        FakeMaster master = master(FakeMaster.start());
        List<Boolean> orphansGoneAtRegistration = new CopyOnWriteArrayList<>();
        master.onRegister = () -> orphansGoneAtRegistration.add(tree.stream().allMatch(Processes::isGone));

        borglet(master.address());

        await().until(() -> !orphansGoneAtRegistration.isEmpty());
        assertThat(orphansGoneAtRegistration.getFirst()).as("orphans killed before registering").isTrue();
        assertThat(workDir.resolve("tasks/web.0.1")).isDirectoryNotContaining("glob:**/.borglet-process");
    }

    @Test
    void runsAMicroVmTaskAndReportsItRunningThenSucceededWithItsExitCode() throws Exception {
        borgcell.borglet.vmm.TestPlatforms.host();
        borgcell.borglet.vmm.MuslGuests.assumeMuslGcc();
        Path binary = borgcell.borglet.vmm.MuslGuests.compiled("wait_for_go").toAbsolutePath();
        FakeMaster master = master(FakeMaster.start());
        // Runs in its microVM until the test drops a file named "go" into its task directory, the guest's "/".
        master.desired = List.of(TaskAssignment.newBuilder().setJob("vm").setIndex(0).setAttempt(1)
                .setTemplate(TaskTemplate.newBuilder().addArgv(binary.toString()).setRuntime("microvm")
                        .setResources(Resources.newBuilder().setRamBytes(16L << 20)))
                .build());
        BorgletConfig config = new BorgletConfig("m1", "host-1", List.of(master.address()), CAPACITY, Map.of(),
                Duration.ofMillis(100), workDir);
        Borglet borglet = new Borglet(config, List.of(new ProcessRuntime(Duration.ofMillis(300)),
                new borgcell.borglet.runtime.microvm.MicroVmRuntime()));
        toClose.add(borglet);
        borglet.start();

        await().until(() -> !master.registrations.isEmpty());
        assertThat(master.registrations.getFirst().getRuntimesList()).containsExactly("process", "microvm");
        assertThat(master.registrations.getFirst().getAttributesMap())
                .containsEntry("platform", borgcell.borglet.vmm.TestPlatforms.host().name());
        await().until(() -> state(master, "vm", 0, 1) == TaskState.RUNNING);
        Path taskDir = workDir.resolve("tasks/vm.0.1");
        await().until(() -> Files.exists(taskDir.resolve("stdout")) && Files.readString(taskDir.resolve("stdout")).equals("waiting\n"));
        Files.createFile(taskDir.resolve("go"));

        await().until(() -> state(master, "vm", 0, 1) == TaskState.SUCCEEDED);
        assertThat(master.lastReport("vm", 0, 1).orElseThrow().getExitCode()).isZero();
        assertThat(Files.readString(taskDir.resolve("stdout"))).isEqualTo("waiting\ndone\n");
    }

    @Test
    void aMicroVmTaskSpinningInATightLoopIsReportedKilledWithinASecondOnceNoLongerDesired() throws Exception {
        borgcell.borglet.vmm.TestPlatforms.host();
        borgcell.borglet.vmm.MuslGuests.assumeMuslGcc();
        FakeMaster master = master(FakeMaster.start());
        master.desired = List.of(microVmTask("spin", 0));
        microVmBorglet(master.address());
        Path stdout = workDir.resolve("tasks/spin.0.1/stdout");
        await().until(() -> state(master, "spin", 0, 1) == TaskState.RUNNING && Files.exists(stdout)
                && Files.readString(stdout).equals("spinning\n"));

        // What a KillJob comes to for the Borglet: the task leaves the master's desired set.
        long dropped = System.nanoTime();
        master.desired = List.of();

        await().atMost(Duration.ofSeconds(1)).until(() -> state(master, "spin", 0, 1) == TaskState.KILLED);
        assertThat(Duration.ofNanos(System.nanoTime() - dropped)).isLessThan(Duration.ofSeconds(1));
        assertThat(master.lastReport("spin", 0, 1).orElseThrow().getExitCode()).isEqualTo(137);
    }

    @Test
    void aMicroVmTaskSpinningPastItsDeadlineEndsWithExitCode124() throws Exception {
        borgcell.borglet.vmm.TestPlatforms.host();
        borgcell.borglet.vmm.MuslGuests.assumeMuslGcc();
        FakeMaster master = master(FakeMaster.start());
        master.desired = List.of(microVmTask("spin", 300));
        microVmBorglet(master.address());

        await().until(() -> state(master, "spin", 0, 1) == TaskState.FAILED);

        assertThat(master.lastReport("spin", 0, 1).orElseThrow().getExitCode()).isEqualTo(124);
        assertThat(Files.readString(workDir.resolve("tasks/spin.0.1/stdout"))).isEqualTo("spinning\n");
        assertThat(Files.readString(workDir.resolve("tasks/spin.0.1/stderr"))).contains("deadline of 300 ms passed");
    }

    private static TaskAssignment microVmTask(String guest, long deadlineMillis) throws Exception {
        Path binary = borgcell.borglet.vmm.MuslGuests.compiled(guest).toAbsolutePath();
        return TaskAssignment.newBuilder().setJob(guest).setIndex(0).setAttempt(1)
                .setTemplate(TaskTemplate.newBuilder().addArgv(binary.toString()).setRuntime("microvm")
                        .setDeadlineMillis(deadlineMillis).setResources(Resources.newBuilder().setRamBytes(16L << 20)))
                .build();
    }

    private Borglet microVmBorglet(String master) {
        BorgletConfig config = new BorgletConfig("m1", "host-1", List.of(master), CAPACITY, Map.of(),
                Duration.ofMillis(100), workDir);
        Borglet borglet = new Borglet(config, List.of(new ProcessRuntime(Duration.ofMillis(300)),
                new borgcell.borglet.runtime.microvm.MicroVmRuntime()));
        toClose.add(borglet);
        borglet.start();
        return borglet;
    }

    @Test
    void closeWithoutAnyMasterReturnsPromptly() throws Exception {
        Borglet borglet = borglet(deadAddress());
        long before = System.nanoTime();

        borglet.close();

        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(3));
    }

    private Borglet borglet(String... masters) {
        BorgletConfig config = new BorgletConfig("m1", "host-1", List.of(masters), CAPACITY, Map.of("rack", "r1"),
                Duration.ofMillis(100), workDir);
        Borglet borglet = new Borglet(config, List.of(new ProcessRuntime(Duration.ofMillis(300)), new BrokenRuntime()));
        toClose.add(borglet);
        borglet.start();
        return borglet;
    }

    private FakeMaster master(FakeMaster master) {
        toClose.add(master);
        return master;
    }

    private static TaskState state(FakeMaster master, String job, int index, int attempt) {
        return master.lastReport(job, index, attempt).map(TaskReport::getState).orElse(TaskState.TASK_STATE_UNSPECIFIED);
    }

    private static TaskAssignment task(String job, int index, int attempt, String script) {
        return TaskAssignment.newBuilder().setJob(job).setIndex(index).setAttempt(attempt)
                .setTemplate(TaskTemplate.newBuilder().addArgv("/bin/sh").addArgv("-c").addArgv(script))
                .build();
    }

    /** A loopback port nothing listens on. */
    private static String deadAddress() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "127.0.0.1:" + socket.getLocalPort();
        }
    }

    /** A runtime whose self-test fails, so it must not be advertised. */
    private static final class BrokenRuntime implements TaskRuntime {
        @Override
        public String name() {
            return "microvm";
        }

        @Override
        public boolean selfTest() {
            return false;
        }

        @Override
        public RunningTask start(TaskLaunch launch) throws IOException {
            throw new IOException("broken");
        }
    }
}
