package borgcell.borglet.runtime.container;

import borgcell.api.v1.Resources;
import borgcell.api.v1.TaskTemplate;
import borgcell.borglet.runtime.TaskExit;
import borgcell.borglet.runtime.TaskLaunch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether containers work on this host, seen by running two: {@code sh -c 'echo $$; id -u'},
 * which must say it is pid 1 of its own namespace and a user other than root, and one that
 * allocates past a 16 MiB limit, which must end {@link TaskExit.OutOfMemory}. A host where
 * runc runs but a limit does not hold (a missing controller, a kernel that does not account)
 * is not offered containers that would promise what they do not keep.
 *
 * <p>What it finds is the host's: Borglets that share a JVM (three in {@code borg up}) share
 * the verdict for the same runc and cgroups, and the test runs once for them all instead of
 * three times at once on the same cores.
 */
final class ContainerSelfTest {
    private static final Logger log = LoggerFactory.getLogger(ContainerSelfTest.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Verdicts by runc binary and cgroup root, for the Borglets of this JVM. */
    private static final ConcurrentMap<List<Path>, CompletableFuture<Boolean>> VERDICTS = new ConcurrentHashMap<>();
    /** Tells apart the test containers of this JVM: their names must be unique on the host. */
    private static final AtomicInteger RUNS = new AtomicInteger();

    private ContainerSelfTest() {}

    private record Run(TaskExit exit, String stdout, String stderr) {}

    /** Whether containers work with {@code runc} and {@code cgroupRoot}: tested once per JVM. */
    static boolean passes(ContainerRuntime runtime, Path runc, Path cgroupRoot) {
        CompletableFuture<Boolean> mine = new CompletableFuture<>();
        CompletableFuture<Boolean> verdict = VERDICTS.putIfAbsent(List.of(runc, cgroupRoot), mine);
        if (verdict != null) {
            return verdict.join();
        }
        boolean passes = passes(runtime);
        mine.complete(passes);
        return passes;
    }

    private static boolean passes(ContainerRuntime runtime) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("borg-container-self-test-");
            Run isolated = run(runtime, dir, 0, "echo $$; id -u", 64L << 20);
            List<String> out = isolated.stdout().lines().toList();
            if (!isolated.exit().equals(new TaskExit.Exited(0)) || out.size() != 2 || !out.get(0).equals("1")
                    || out.get(1).equals("0")) {
                log.warn("container runtime not offered: its self-test ended {} with output {} and stderr {}",
                        isolated.exit(), out, isolated.stderr());
                return false;
            }
            Run hungry = run(runtime, dir, 1, "head -c 100000000 /dev/zero | tail -n 1", 16L << 20);
            if (!(hungry.exit() instanceof TaskExit.OutOfMemory)) {
                log.warn("container runtime not offered: a task past its 16 MiB limit ended {}, not killed for memory;"
                        + " stderr {}", hungry.exit(), hungry.stderr());
                return false;
            }
            return true;
        } catch (Exception e) {
            log.warn("container runtime not offered: its self-test failed: {}", e.toString());
            return false;
        } finally {
            ContainerRuntime.deleteTree(dir);
        }
    }

    private static Run run(ContainerRuntime runtime, Path dir, int attempt, String script, long ramBytes) throws Exception {
        TaskTemplate template = TaskTemplate.newBuilder().addArgv("/bin/sh").addArgv("-c").addArgv(script)
                .setResources(Resources.newBuilder().setRamBytes(ramBytes).setCpuMillis(100)).build();
        TaskLaunch launch = new TaskLaunch("self-test", 0, attempt, template, dir.resolve("task-" + attempt),
                "self-test-" + ProcessHandle.current().pid() + "-" + RUNS.incrementAndGet());
        TaskExit exit = runtime.start(launch).onExit().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return new Run(exit, Files.readString(launch.stdoutFile(), StandardCharsets.UTF_8),
                Files.readString(launch.stderrFile(), StandardCharsets.UTF_8).strip());
    }
}
