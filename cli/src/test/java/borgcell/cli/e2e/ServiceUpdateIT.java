package borgcell.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import borgcell.api.v1.GetJobRequest;
import borgcell.api.v1.Job;
import borgcell.api.v1.Rollout;
import borgcell.api.v1.Task;
import borgcell.api.v1.TaskState;
import borgcell.cli.client.CellClient;
import borgcell.cli.client.CellFile;
import borgcell.cli.client.MasterEndpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service through its life on a real cell ({@code borg up}, its tasks real processes), driven
 * by the {@code borg} command as a user would: a rolling update that never has fewer than five
 * of six tasks ready, an update to a crashing program that rolls back by itself, the history
 * and a revert, and a drain that keeps to the job's disruption budget and to its deadline.
 * Every state the cell published while it ran (WatchJob) is recorded and checked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServiceUpdateIT {
    private final String marker = "svc-" + UUID.randomUUID();
    private Path home;
    private Path jar;
    private Process up;
    private CellClient client;
    private final List<Job> history = Collections.synchronizedList(new ArrayList<>());
    private Thread watcher;

    @BeforeAll
    void startCell(@TempDir Path dir) throws Exception {
        home = dir;
        jar = Path.of(System.getProperty("borg.jar", "target/borg.jar")).toAbsolutePath();
        String java = ProcessHandle.current().info().command().orElse("java");
        up = new ProcessBuilder(java, "-jar", jar.toString(), "up", "--dir", home.resolve(".borg").toString())
                .directory(home.toFile()).redirectErrorStream(true).redirectOutput(home.resolve("up.out").toFile()).start();
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() ->
                Files.readString(home.resolve("up.out")).contains("cell is up") || !up.isAlive());
        assertThat(up.isAlive()).as("borg up: %s", Files.readString(home.resolve("up.out"))).isTrue();
        Path cellJson = home.resolve(".borg").resolve(CellFile.NAME);
        client = new CellClient(MasterEndpoints.of(CellFile.read(cellJson), cellJson), Duration.ofSeconds(10));
    }

    @AfterAll
    void stopCell() throws Exception {
        if (watcher != null) {
            watcher.interrupt();
        }
        if (client != null) {
            client.close();
        }
        if (up != null) {
            up.destroy();
            up.waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(0)
    void aSixTaskServiceUpdatedOneAtATimeKeepsFiveReadyAndEndsOnTheNewVersion() throws Exception {
        borg("job", "run", spec("v1", "sleep 3600").toString());
        await().atMost(Duration.ofSeconds(90)).until(() -> ready(job()) == 6);
        watch();

        String out = borg("job", "update", spec("v2", "sleep 3600").toString());

        assertThat(out).contains("job frontend at version 2");
        await().atMost(Duration.ofSeconds(120)).until(() -> job().getRollout().getState() == Rollout.State.SUCCEEDED);
        Job done = job();
        assertThat(done.getTasksList().subList(0, 6)).allMatch(t -> t.getSpecVersion() == 2 && t.getReady());
        assertThat(processes("v2")).hasSize(6);
        assertThat(processes("v1")).isEmpty();
        List<Job> seen = List.copyOf(history);
        assertThat(seen).as("states the cell published during the update").hasSizeGreaterThan(5);
        assertThat(seen).as("ready tasks in every published state").allMatch(j -> ready(j) >= 5);
        assertThat(seen).as("old and new versions ran side by side").anyMatch(j -> j.getTasksList().stream()
                .anyMatch(t -> t.getSpecVersion() == 1 && t.getReady()) && j.getTasksList().stream()
                .anyMatch(t -> t.getSpecVersion() == 2 && t.getReady()));
    }

    @Test
    @Order(1)
    void anUpdateToACrashingProgramRollsBackByItself() throws Exception {
        history.clear();
        borg("job", "update", spec("v3", "exit 3").toString());

        await().atMost(Duration.ofSeconds(150)).until(() -> job().getRollout().getState() == Rollout.State.ROLLED_BACK);
        Job back = job();
        assertThat(back.getCurrentVersion()).isEqualTo(4);
        assertThat(back.getVersions(back.getVersionsCount() - 1).getCause()).startsWith("rolled back to 2");
        assertThat(back.getSpec().getTask().getArgv(2)).contains("v2");
        await().atMost(Duration.ofSeconds(60)).until(() -> ready(job()) == 6);
        assertThat(borg("job", "history", "frontend")).contains("rolled back to 2", "updated", "submitted");
    }

    @Test
    @Order(2)
    void revertGoesBackToAnEarlierSpecAsANewVersion() throws Exception {
        String out = borg("job", "revert", "frontend", "1");

        assertThat(out).contains("as version 5");
        await().atMost(Duration.ofSeconds(120)).until(() -> job().getRollout().getState() == Rollout.State.SUCCEEDED
                && ready(job()) == 6);
        assertThat(processes("v1")).hasSize(6);
    }

    @Test
    @Order(3)
    void aDrainKeepsToTheBudgetUntilItsDeadlineThenTakesTheRest() throws Exception {
        history.clear();
        Path pinned = home.resolve("pinned.yaml");
        Files.writeString(pinned, """
                name: pinned
                count: 1
                task:
                  argv: ["/bin/sh", "-c", "exec sleep 3600 # %s"]
                  runtime: process
                  resources: {cpu: 100m, ram: 32Mi}
                  constraints: [{attribute: rack, op: "=", values: [r1]}]
                disruption: {max_disrupted: 0, max_disrupted_percent: 0}
                """.formatted(marker));
        borg("job", "run", pinned.toString());
        await().atMost(Duration.ofSeconds(60)).until(() -> pinnedTask().getReady());
        assertThat(pinnedTask().getMachineId()).isEqualTo("m1");

        long started = System.currentTimeMillis();
        borg("machine", "drain", "m1", "--deadline", "25s");

        await().atMost(Duration.ofSeconds(60)).until(() -> job().getTasksList().stream()
                .noneMatch(t -> t.getMachineId().equals("m1")) && ready(job()) == 6);
        assertThat(List.copyOf(history)).allMatch(j -> ready(j) >= 5);
        assertThat(pinnedTask().getMachineId()).as("its budget lets none go before the deadline").isEqualTo("m1");
        await().atMost(Duration.ofSeconds(60)).until(() -> !pinnedTask().getMachineId().equals("m1"));
        assertThat(System.currentTimeMillis() - started).isGreaterThanOrEqualTo(25_000);
        assertThat(pinnedTask().getMessage()).contains("deadline passed");
        borg("machine", "undrain", "m1");
    }

    private Path spec(String version, String command) throws Exception {
        Path file = home.resolve("frontend-" + version + ".yaml");
        String example = Files.readString(Path.of(System.getProperty("borg.examples", "../examples"), "web-service.yaml"));
        Files.writeString(file, example
                .replace("echo serving version 1; exec sleep 3600", "echo serving " + version + " " + marker + "; " + command)
                .replace("progress_deadline: 30s", "progress_deadline: 20s"));
        return file;
    }

    /** Records every state of the job the cell publishes, as long as the test runs. */
    private void watch() throws Exception {
        Path cellJson = home.resolve(".borg").resolve(CellFile.NAME);
        CellClient streaming = new CellClient(MasterEndpoints.of(CellFile.read(cellJson), cellJson), Duration.ofMinutes(15));
        watcher = Thread.ofPlatform().daemon().start(() -> {
            try (streaming) {
                streaming.jobs(CellClient.Retry.UNAVAILABLE_ONLY, jobs -> {
                    Iterator<Job> states = jobs.watchJob(GetJobRequest.newBuilder().setName("frontend").build());
                    while (states.hasNext() && !Thread.currentThread().isInterrupted()) {
                        history.add(states.next());
                    }
                    return null;
                });
            } catch (RuntimeException ended) {
                // the cell stops at the end of the class
            }
        });
    }

    private Job job() {
        return client.jobs(CellClient.Retry.IDEMPOTENT, jobs -> jobs.getJob(GetJobRequest.newBuilder().setName("frontend").build()));
    }

    private Task pinnedTask() {
        return client.jobs(CellClient.Retry.IDEMPOTENT, jobs -> jobs.getJob(GetJobRequest.newBuilder().setName("pinned")
                .build())).getTasks(0);
    }

    private static long ready(Job job) {
        return job.getTasksList().stream().filter(t -> t.getReady() && t.getState() == TaskState.RUNNING).count();
    }

    private List<ProcessHandle> processes(String version) {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("")
                .contains("serving " + version + " " + marker)).toList();
    }

    private String borg(String... args) throws Exception {
        return BorgCli.run(jar, home, args);
    }
}
