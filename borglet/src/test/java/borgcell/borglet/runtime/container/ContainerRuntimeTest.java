package borgcell.borglet.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import borgcell.api.v1.Resources;
import borgcell.api.v1.TaskTemplate;
import borgcell.borglet.runtime.RunningTask;
import borgcell.borglet.runtime.TaskExit;
import borgcell.borglet.runtime.TaskLaunch;
import borgcell.borglet.runtime.TestPorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tasks in real containers: runc, the kernel's namespaces and cgroups on this host. */
class ContainerRuntimeTest {
    private static final long MIB = 1L << 20;

    @TempDir Path workDir;

    private final ContainerRuntime runtime = new ContainerRuntime(Runc.find().map(Runc::binary), TaskCgroup.DEFAULT_ROOT,
            Duration.ofMillis(500), 1 << 20, 32, TaskUids.DEFAULT);
    private final List<RunningTask> started = new ArrayList<>();
    private int attempts;

    @BeforeEach
    void containersRunHere() {
        Optional<String> why = runtime.unavailable();
        if (why.isPresent()) {
            if ("true".equals(System.getenv("CI"))) {
                fail("CI=true, but containers cannot run here: " + why.get() + " (.ci/run installs runc)");
            }
            Assumptions.abort("containers cannot run here: " + why.get());
        }
    }

    @AfterEach
    void killWhatIsLeft() {
        started.forEach(RunningTask::kill);
        started.forEach(t -> t.onExit().orTimeout(20, TimeUnit.SECONDS).join());
    }

    @Test
    void passesItsSelfTestOnThisHost() {
        assertThat(runtime.selfTest()).isTrue();
        assertThat(runtime.name()).isEqualTo("container");
    }

    @Test
    void runsAsAnUnprivilegedUserAsThePidOneOfItsOwnNamespaceAndCannotReadTheShadowFile() throws Exception {
        Run run = run(template("/bin/sh", "-c", "id -u; echo $$; cat /etc/shadow 2>&1; ls /proc | grep -c '^[0-9]'"));

        assertThat(run.exit()).isEqualTo(new TaskExit.Exited(0));
        List<String> out = run.stdout().lines().toList();
        assertThat(Integer.parseInt(out.get(0))).isBetween(TaskUids.DEFAULT.first(), TaskUids.DEFAULT.last());
        assertThat(out.get(1)).as("the shell is init of its own pid namespace").isEqualTo("1");
        assertThat(out.get(2)).contains("Permission denied");
        assertThat(Integer.parseInt(out.get(3))).as("processes it can see: itself and what it ran").isLessThanOrEqualTo(3);
    }

    @Test
    void writesOnlyItsSandboxAndSeesNoneOfTheHostsOtherFilesNorTheBorgletsProcess() throws Exception {
        Path secret = Files.writeString(workDir.resolve("host-secret"), "x");
        long borglet = ProcessHandle.current().pid();
        Run run = run(template("/bin/sh", "-c", "pwd; echo $HOME $BORG_TASK_DIR; echo kept > note && echo wrote;"
                + " touch /usr/x 2>&1; ls /tmp | wc -l; test -e " + secret + " && echo visible || echo hidden;"
                + " kill -0 " + borglet + " 2>&1 || true"));

        assertThat(run.exit()).isEqualTo(new TaskExit.Exited(0));
        assertThat(run.stdout().lines().toList()).containsSubsequence("/sandbox", "/sandbox /sandbox", "wrote")
                .contains("0", "hidden").noneMatch(l -> l.equals("visible"));
        assertThat(run.stdout()).contains("Read-only file system").contains("No such process");
        assertThat(Files.readString(run.launch().taskDir().resolve("sandbox/note"))).isEqualTo("kept\n");
    }

    @Test
    void withNetworkNoneItHasLoopbackAloneAndOtherwiseTheMachinesNetwork() throws Exception {
        String interfaces = "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '";
        Run isolated = run(template("/bin/sh", "-c", interfaces).toBuilder().setNetwork("none").build());
        Run host = run(template("/bin/sh", "-c", interfaces));

        assertThat(isolated.stdout().lines().toList()).containsExactly("lo");
        assertThat(host.stdout().lines().toList()).as("the machine's interfaces").contains("lo").hasSizeGreaterThan(1);
    }

    @Test
    void cannotMakeANamespaceWhereItWouldBeRoot() throws Exception {
        // Without the seccomp filter an unprivileged task can: unshare -U -r makes it uid 0 in a
        // user namespace of its own, with every capability there.
        Run run = run(template("/bin/sh", "-c", "unshare -U -r id 2>&1; echo unshare=$?"));

        List<String> out = run.stdout().lines().toList();
        assertThat(out.get(0)).contains("Operation not permitted");
        assertThat(out.get(1)).isEqualTo("unshare=1");
        assertThat(run.stdout()).doesNotContain("uid=0");
    }

    @Test
    void aTaskAllocatingPastItsRamIsKilledByTheKernelAndSaysSo() throws Exception {
        TaskTemplate hungry = template("/bin/sh", "-c", "head -c 400000000 /dev/zero | tail -n 1 > /dev/null").toBuilder()
                .setResources(Resources.newBuilder().setRamBytes(32 * MIB).setCpuMillis(100)).build();
        Run run = run(hungry);

        assertThat(run.exit()).isEqualTo(new TaskExit.OutOfMemory(137, 32 * MIB));
        assertThat(run.exit().message()).startsWith("OOMKilled");
        assertThat(cgroupOf(run.launch())).as("the task's cgroup is removed").doesNotExist();
    }

    @Test
    void aTaskThatKillsItselfWithinItsRamIsNotReportedOutOfMemory() throws Exception {
        Run run = run(template("/bin/sh", "-c", "sh -c 'kill -9 $$'"));

        assertThat(run.exit()).isEqualTo(new TaskExit.Exited(137));
    }

    @Test
    void aCpuLimitCapsABusyTaskHoweverIdleTheMachine() throws Exception {
        RunningTask busy = start(withCpu(template("/bin/sh", "-c", "while :; do :; done"), 100, 200));
        TaskLaunch launch = lastLaunch;
        Path usage = TaskCgroup.DEFAULT_ROOT.resolve("cpuacct/borg").resolve(ContainerRuntime.containerId(launch))
                .resolve("cpuacct.usage");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(launch.taskDir().resolve("container/pid")));
        long from = Long.parseLong(Files.readString(usage).strip());
        long t0 = System.nanoTime();
        Thread.sleep(2_000);
        double share = (Long.parseLong(Files.readString(usage).strip()) - from) / (double) (System.nanoTime() - t0);
        busy.kill();

        assertThat(share).as("cores used with a 200m limit").isBetween(0.12, 0.24);
    }

    @Test
    void twoBusyTasksOnOneContendedCoreShareItByTheirCpuRequests() throws Exception {
        // Both pinned to CPU 0: 750m against 250m is cpu.shares 768 against 256.
        String spin = "exec taskset -c 0 sh -c 'while :; do :; done'";
        RunningTask big = start(withCpu(template("/bin/sh", "-c", spin), 750, 0));
        TaskLaunch bigLaunch = lastLaunch;
        RunningTask small = start(withCpu(template("/bin/sh", "-c", spin), 250, 0));
        TaskLaunch smallLaunch = lastLaunch;
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(bigLaunch.taskDir().resolve("container/pid"))
                && Files.exists(smallLaunch.taskDir().resolve("container/pid")));
        Thread.sleep(500);
        long big0 = cpuNanos(bigLaunch);
        long small0 = cpuNanos(smallLaunch);
        Thread.sleep(3_000);
        double ratio = (cpuNanos(bigLaunch) - big0) / (double) (cpuNanos(smallLaunch) - small0);
        big.kill();
        small.kill();

        assertThat(ratio).as("CPU time of the 750m task over the 250m one").isBetween(3 * 0.85, 3 * 1.15);
    }

    @Test
    void aTaskWhoseSandboxGrowsPastItsDiskRequestIsStoppedAndSaysSo() throws Exception {
        TaskTemplate writer = template("/bin/sh", "-c", "head -c 4000000 /dev/zero > big; sleep 60").toBuilder()
                .setResources(Resources.newBuilder().setRamBytes(64 * MIB).setCpuMillis(100).setDiskBytes(MIB)).build();
        long t0 = System.nanoTime();
        Run run = run(writer);

        assertThat(run.exit()).isInstanceOf(TaskExit.OverDisk.class);
        assertThat(run.exit().message()).startsWith("DiskLimitExceeded").contains("(1 MiB)");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("found within a few looks, not at the sleep's end")
                .isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void aRunningContainersUsageIsReadFromItsCgroupAndNoneOnceItEnded() throws Exception {
        RunningTask busy = start(template("/bin/sh", "-c", "head -c 8000000 /dev/zero | tail -n 1 > /dev/null; while :; do :; done"));
        TaskLaunch launch = lastLaunch;
        await().atMost(Duration.ofSeconds(20)).until(() -> busy.usage().map(u -> u.cpuNanos() > 200_000_000L).orElse(false));

        var usage = busy.usage().orElseThrow();
        assertThat(usage.memoryBytes()).isPositive();
        assertThat(usage.memoryPeakBytes()).as("the most it held: at least what it holds now, and the 8 MB line tail kept")
                .isGreaterThanOrEqualTo(usage.memoryBytes()).isGreaterThan(4_000_000L);
        busy.kill();
        busy.onExit().get(20, TimeUnit.SECONDS);
        assertThat(busy.usage()).isEmpty();
        assertThat(cgroupOf(launch)).doesNotExist();
    }

    @Test
    void aForkBombStopsAtThePidsLimit() throws Exception {
        // An inner shell forks until it cannot (and then exits); the outer one counts what runs
        // with its own glob, as nothing more can be forked.
        Run run = run(template("/bin/sh", "-c", "sh -c 'for i in $(seq 1 60); do sleep 3 & done' 2>/dev/null;"
                + " set -- /proc/[0-9]*; echo $#"));

        assertThat(Integer.parseInt(run.stdout().strip())).as("processes it could have, of 60 asked").isBetween(2, 32);
        assertThat(cgroupOf(run.launch())).doesNotExist();
    }

    @Test
    void aKilledTaskLeavesNoProcessNoContainerAndNoCgroupBehind() throws Exception {
        RunningTask task = start(template("/bin/sh", "-c", "sleep 600 & sleep 600"));
        TaskLaunch launch = lastLaunch;
        await().atMost(Duration.ofSeconds(20)).until(() -> task.pid() > 0 && Files.exists(launch.taskDir().resolve("container/pid"))
                && ProcessHandle.of(task.pid()).map(p -> p.descendants().findAny().isPresent()).orElse(false));
        long init = task.pid();
        List<Long> children = ProcessHandle.of(init).orElseThrow().descendants().map(ProcessHandle::pid).toList();
        assertThat(cgroupOf(launch)).isDirectory();

        task.kill();

        assertThat(task.onExit().get(20, TimeUnit.SECONDS)).isInstanceOf(TaskExit.Killed.class);
        assertThat(ProcessHandle.of(init).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(children).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty());
        assertThat(cgroupOf(launch)).doesNotExist();
        assertThat(runcState(ContainerRuntime.containerId(launch))).as("runc no longer knows it").contains("does not exist");
    }

    @Test
    void containersAnEarlierBorgletLeftRunningAreKilledAndForgottenWhenTheNextStarts() throws Exception {
        RunningTask task = start(template("/bin/sh", "-c", "sleep 600"));
        TaskLaunch launch = lastLaunch;
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(launch.taskDir().resolve("container/pid")));
        long init = task.pid();
        ContainerRuntime next = new ContainerRuntime(Runc.find().map(Runc::binary), TaskCgroup.DEFAULT_ROOT,
                Duration.ofMillis(500), 1 << 20, 32, TaskUids.DEFAULT);

        assertThat(next.reapOrphans(workDir.resolve("elsewhere"))).as("another Borglet's work directory").isZero();
        assertThat(next.reapOrphans(workDir)).isEqualTo(1);

        assertThat(runcState(ContainerRuntime.containerId(launch))).contains("does not exist");
        assertThat(cgroupOf(launch)).doesNotExist();
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(init).filter(ProcessHandle::isAlive).isEmpty());
        task.onExit().get(20, TimeUnit.SECONDS);
        assertThat(next.reapOrphans(workDir)).isZero();
    }

    @Test
    void aRestartRunningAsAnotherUserStillOwnsWhatItsSandboxHolds() throws Exception {
        Path dir = workDir.resolve("tasks/restarted.0.1");
        TaskLaunch first = new TaskLaunch("restarted", 0, 1, template("/bin/sh", "-c", "id -u; echo one > note"), dir, "m-test");
        RunningTask run1 = runtime.start(first);
        started.add(run1);
        run1.onExit().get(60, TimeUnit.SECONDS);
        String firstUid = Files.readString(first.stdoutFile()).strip();
        start(template("/bin/sh", "-c", "sleep 60")); // holds the uid the first run gave back

        TaskLaunch second = new TaskLaunch("restarted", 0, 1, template("/bin/sh", "-c", "id -u; echo two >> note && cat note"),
                dir, "m-test");
        RunningTask run2 = runtime.start(second);
        started.add(run2);

        assertThat(run2.onExit().get(60, TimeUnit.SECONDS)).isEqualTo(new TaskExit.Exited(0));
        List<String> out = Files.readString(second.stdoutFile()).lines().toList();
        assertThat(out.get(1)).as("the second run's uid").isNotEqualTo(firstUid);
        assertThat(out.subList(2, 4)).containsExactly("one", "two");
    }

    @Test
    void aCellUsersTasksRunAsItsOneUidAndAnotherUsersAsAnother() throws Exception {
        TaskTemplate sayUid = template("/bin/sh", "-c", "id -u; sleep 30");
        startAs("alice", sayUid);
        TaskLaunch alice1 = lastLaunch;
        startAs("alice", sayUid);
        TaskLaunch alice2 = lastLaunch;
        startAs("bob", sayUid);
        TaskLaunch bob = lastLaunch;

        await().atMost(Duration.ofSeconds(30)).until(() -> Stream.of(alice1, alice2, bob)
                .allMatch(l -> Files.exists(l.stdoutFile()) && !readQuietly(l.stdoutFile()).isBlank()));
        int alice1Uid = Integer.parseInt(Files.readString(alice1.stdoutFile()).strip());
        assertThat(Integer.parseInt(Files.readString(alice2.stdoutFile()).strip())).isEqualTo(alice1Uid);
        assertThat(Integer.parseInt(Files.readString(bob.stdoutFile()).strip())).isNotEqualTo(alice1Uid)
                .isBetween(TaskUids.DEFAULT.first(), TaskUids.DEFAULT.last());
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    @Test
    void aProgramThatIsNotThereFailsTheTaskWithRuncsReason() throws Exception {
        Run run = run(template("/no/such/program"));

        assertThat(run.exit().exitCode()).isNotZero();
        assertThat(Files.readString(run.launch().stderrFile())).contains("/no/such/program");
    }

    @Test
    void givesTheTaskItsPortsAsBorgPortVariablesOnTheMachinesNetworkAndBindsNoneOfThem() throws Exception {
        int http = TestPorts.freePort();
        lastLaunch = new TaskLaunch("ct", 0, ++attempts, template("/bin/sh", "-c", "echo $BORG_PORT_HTTP; exec busybox"
                + " httpd -f -p 127.0.0.1:$BORG_PORT_HTTP"), workDir.resolve("tasks/ct.0." + attempts),
                "m-test-" + ProcessHandle.current().pid(), "", List.of(TestPorts.port("http", http)));
        started.add(runtime.start(lastLaunch));

        // The task listens on the host's port itself: nothing was bound or forwarded for it.
        TestPorts.awaitListening(http, Duration.ofSeconds(20));
        assertThat(Files.readString(lastLaunch.stdoutFile())).isEqualTo(http + "\n");
    }

    private record Run(TaskLaunch launch, TaskExit exit, String stdout) {}

    private TaskLaunch lastLaunch;

    private Run run(TaskTemplate template) throws Exception {
        RunningTask task = start(template);
        TaskExit exit = task.onExit().get(60, TimeUnit.SECONDS);
        return new Run(lastLaunch, exit, Files.readString(lastLaunch.stdoutFile()));
    }

    private RunningTask start(TaskTemplate template) throws Exception {
        return startAs("", template);
    }

    private RunningTask startAs(String user, TaskTemplate template) throws Exception {
        lastLaunch = new TaskLaunch("ct", 0, ++attempts, template, workDir.resolve("tasks/ct.0." + attempts),
                "m-test-" + ProcessHandle.current().pid(), user);
        RunningTask task = runtime.start(lastLaunch);
        started.add(task);
        return task;
    }

    private static String runcState(String id) throws Exception {
        Process state = new ProcessBuilder(Runc.find().orElseThrow().binary().toString(), "state", id)
                .redirectErrorStream(true).start();
        return new String(state.getInputStream().readAllBytes());
    }

    private static long cpuNanos(TaskLaunch launch) throws Exception {
        return Long.parseLong(Files.readString(TaskCgroup.DEFAULT_ROOT.resolve("cpuacct/borg")
                .resolve(ContainerRuntime.containerId(launch)).resolve("cpuacct.usage")).strip());
    }

    private static TaskTemplate withCpu(TaskTemplate template, long cpuMillis, long limitMillis) {
        return template.toBuilder().setResources(template.getResources().toBuilder().setCpuMillis(cpuMillis)
                .setCpuLimitMillis(limitMillis)).build();
    }

    private static Path cgroupOf(TaskLaunch launch) {
        return TaskCgroup.DEFAULT_ROOT.resolve("memory/borg").resolve(ContainerRuntime.containerId(launch));
    }

    private static TaskTemplate template(String... argv) {
        return TaskTemplate.newBuilder().addAllArgv(List.of(argv))
                .setResources(Resources.newBuilder().setRamBytes(128 * MIB).setCpuMillis(100)).build();
    }
}
