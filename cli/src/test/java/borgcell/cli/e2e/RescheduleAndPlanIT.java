package borgcell.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import borgcell.api.v1.GetJobRequest;
import borgcell.api.v1.Job;
import borgcell.api.v1.Task;
import borgcell.api.v1.TaskState;
import borgcell.cli.client.CellClient;
import borgcell.cli.client.CellFile;
import borgcell.cli.client.MasterEndpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rescheduling and plans on a real cell ({@code borg up}: five replicas and three Borglets
 * running real processes), driven through the {@code borg} command: a task that fails on one
 * machine only ends up running on another and is never placed on the bad one again; a plan
 * says where a job's tasks go, and the job then runs exactly there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RescheduleAndPlanIT {
    private static final Pattern PLACEMENT = Pattern.compile("task (\\d+) -> (m\\d)");
    private Path home;
    private Path jar;
    private Process up;
    private CellClient client;

    @BeforeAll
    void startCell(@TempDir Path dir) throws Exception {
        home = dir;
        jar = Path.of(System.getProperty("borg.jar", "target/borg.jar")).toAbsolutePath();
        String java = ProcessHandle.current().info().command().orElse("java");
        up = new ProcessBuilder(java, "-jar", jar.toString(), "up", "--no-hello", "--dir", home.resolve(".borg").toString())
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("up.out").toFile())
                .start();
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500)).until(() ->
                Files.readString(home.resolve("up.out")).contains("cell is up") || !up.isAlive());
        assertThat(up.isAlive()).as("borg up is running; its output:%n%s", Files.readString(home.resolve("up.out"))).isTrue();
        Path cellJson = home.resolve(".borg").resolve(CellFile.NAME);
        client = new CellClient(MasterEndpoints.of(CellFile.read(cellJson), cellJson), Duration.ofSeconds(10));
    }

    @AfterAll
    void stopCell() throws Exception {
        if (client != null) {
            client.close();
        }
        if (up != null) {
            up.destroy();
            up.waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(1)
    void aTaskFailingOnOneMachineOnlyEndsUpRunningOnAnotherAndNeverGoesBack() throws Exception {
        // Rack r1 is m1's: the task prefers it, and fails there (its Borglet tells it where it runs).
        Path spec = Files.writeString(home.resolve("flaky.yaml"), """
                name: flaky
                task:
                  argv: ["/bin/sh", "-c", "if [ \\"$BORG_MACHINE\\" = m1 ]; then echo broken here >&2; exit 3; fi; exec sleep 600"]
                  runtime: process
                  resources: {cpu: 100m, ram: 32Mi}
                  restart: {policy: on_failure, max_attempts: 2, backoff: 100ms}
                  placement:
                    prefer: [{attribute: rack, op: "=", values: [r1], weight: 10}]
                reschedule: {max_reschedules: 2}
                """);
        assertThat(borg("job", "plan", spec.toString())).contains("+ create job flaky (1 task)", "task 0 -> m1");

        borg("job", "run", spec.toString());

        Job job = awaitJob("flaky", j -> j.getTasks(0).getState() == TaskState.RUNNING && j.getReschedules() == 1,
                Duration.ofSeconds(90));
        Task task = job.getTasks(0);
        assertThat(task.getMachineId()).isIn("m2", "m3");
        assertThat(task.getAvoidMachinesList()).containsExactly("m1");
        assertThat(task.getAttempt()).as("placed twice: on m1, then elsewhere").isEqualTo(2);
        Thread.sleep(3000);
        Task later = awaitJob("flaky", j -> true, Duration.ofSeconds(10)).getTasks(0);
        assertThat(later.getState()).isEqualTo(TaskState.RUNNING);
        assertThat(later.getMachineId()).isEqualTo(task.getMachineId());
        assertThat(later.getAttempt()).isEqualTo(2);
    }

    @Test
    @Order(2)
    void aJobRunsWhereItsPlanSaid() throws Exception {
        Path spec = Files.writeString(home.resolve("spread.yaml"), """
                name: spread
                count: 5
                task:
                  argv: ["/bin/sleep", "600"]
                  runtime: process
                  resources: {cpu: 300m, ram: 64Mi}
                  placement: {max_per_machine: 2}
                """);
        String plan = borg("job", "plan", spec.toString());
        Map<Integer, String> planned = placements(plan);
        assertThat(plan).contains("+ create job spread (5 tasks)");
        assertThat(planned).hasSize(5);

        borg("job", "run", spec.toString());

        Job job = awaitJob("spread", j -> j.getTasksList().stream().allMatch(t -> t.getState() == TaskState.RUNNING),
                Duration.ofSeconds(60));
        Map<Integer, String> ran = job.getTasksList().stream()
                .collect(Collectors.toMap(Task::getIndex, Task::getMachineId, (a, b) -> a, TreeMap::new));
        assertThat(ran).isEqualTo(planned);

        String again = borgExpectingExit(1, "job", "plan", spec.toString());
        assertThat(again).contains("~ change job spread", "Refused:", "already exists and is running");
    }

    private static Map<Integer, String> placements(String plan) {
        Map<Integer, String> out = new TreeMap<>();
        Matcher m = PLACEMENT.matcher(plan);
        while (m.find()) {
            out.put(Integer.parseInt(m.group(1)), m.group(2));
        }
        return out;
    }

    private Job awaitJob(String name, Predicate<Job> condition, Duration within) {
        Job[] last = new Job[1];
        await().atMost(within).pollInterval(Duration.ofMillis(300)).until(() -> {
            last[0] = client.jobs(CellClient.Retry.IDEMPOTENT, s -> s.getJob(GetJobRequest.newBuilder().setName(name).build()));
            return condition.test(last[0]);
        });
        return last[0];
    }

    private String borg(String... args) throws Exception {
        return borgExpectingExit(0, args);
    }

    /** Runs the borg command from the built jar in the cell's directory; answers its stdout. */
    private String borgExpectingExit(int exit, String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-jar", jar.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(home.toFile())
                .redirectError(home.resolve("borg-cli.err").toFile()).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("borg %s: %s%s", String.join(" ", args), out,
                Files.readString(home.resolve("borg-cli.err"))).isEqualTo(exit);
        return out;
    }
}
