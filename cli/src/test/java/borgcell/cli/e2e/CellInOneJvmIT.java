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
import borgcell.trust.MutualTls;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
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
 * {@code borg up} as it starts by default: the five replicas and three Borglets in its own
 * JVM, the hello job run, HTTP served, and the {@code borg} command working against it from
 * other processes; a task failing on one machine only runs on another (rescheduling), a job
 * runs where its plan said; SIGTERM ends it all, the tasks included. {@link CellEndToEndIT}
 * runs the cell of separate processes ({@code --processes}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CellInOneJvmIT {
    private static final Pattern PLACEMENT = Pattern.compile("task (\\d+) -> (m\\d)");
    private final String marker = "one-jvm-" + UUID.randomUUID();
    private Path home;
    private Path jar;
    private Process up;

    @BeforeAll
    void startCell(@TempDir Path dir) throws Exception {
        home = dir;
        jar = Path.of(System.getProperty("borg.jar", "target/borg.jar")).toAbsolutePath();
        Path repository = Path.of(System.getProperty("borg.examples", "../examples")).toAbsolutePath().getParent();
        String java = ProcessHandle.current().info().command().orElse("java");
        up = new ProcessBuilder(java, "-Dborg.home=" + repository, "-jar", jar.toString(), "up", "--dir",
                home.resolve(".borg").toString())
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("up.out").toFile())
                .start();
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500)).until(() ->
                output().contains("cell is up") || !up.isAlive());
        assertThat(up.isAlive()).as("borg up is running; its output:%n%s", output()).isTrue();
    }

    @AfterAll
    void stopCell() throws Exception {
        if (up != null) {
            up.destroy();
            up.waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(0)
    void theHelloJobSucceedsWithEveryDaemonInTheOneJvmLoggingToOneFile() throws Exception {
        assertThat(output()).contains("in this JVM", "job hello SUCCEEDED",
                "REST, web UI and metrics on the replicas' HTTP ports");
        assertThat(up.descendants().map(p -> p.info().command().orElse("")))
                .as("no JVM but borg up's own").noneMatch(command -> command.endsWith("/java"));
        Path cellLog = home.resolve(".borg").resolve("logs").resolve("cell.log");
        CellFile cell = CellFile.read(home.resolve(".borg").resolve(CellFile.NAME));
        assertThat(cell.replicas()).extracting(CellFile.ReplicaEntry::log).containsOnly(cellLog.toString());
        assertThat(cell.borglets()).extracting(CellFile.BorgletEntry::log).containsOnly(cellLog.toString());
        assertThat(Files.readString(cellLog)).contains("borglet m3 registered", "to LEADER",
                "replica r5 serves REST, the web UI and Actuator on port " + URI.create(cell.replicas().get(4).http()).getPort());
        assertThat(output()).as("java.util.logging (Tomcat) goes to the cell's log too").doesNotContain("INFO: ");
    }

    @Test
    @Order(1)
    void theBorgCommandAndEachReplicasRestWorkAgainstIt() throws Exception {
        assertThat(borg("machine", "ls")).containsPattern("m1 +UP").containsPattern("m2 +UP").containsPattern("m3 +UP");
        assertThat(borg("job", "status", "hello")).contains("SUCCEEDED");

        CellFile cell = CellFile.read(home.resolve(".borg").resolve(CellFile.NAME));
        HttpClient admin = HttpClient.newBuilder().sslContext(MutualTls.httpsOnce(cell.clientTls().orElseThrow())).build();
        for (CellFile.ReplicaEntry replica : cell.replicas()) {
            HttpResponse<String> jobs = admin.send(HttpRequest.newBuilder(URI.create(replica.http() + "/api/v1/jobs"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(jobs.statusCode()).as(replica.id()).isEqualTo(200);
            assertThat(jobs.body()).as(replica.id()).contains("hello");
        }
    }

    /** borg up's replicas serve the cell's names: dig finds the web example's tasks on the ports they listen on. */
    @Test
    @Order(1)
    void digFindsTheWebExamplesTasksThroughAReplicasDnsUntilTheJobIsKilled() throws Exception {
        Path dig = ExternalTool.required("dig", "dnsutils");
        ExternalTool.required("busybox", "busybox-static");
        CellFile cell = CellFile.read(home.resolve(".borg").resolve(CellFile.NAME));
        String dns = cell.replicas().get(2).dns();
        assertThat(output()).contains("dns " + dns);
        String port = dns.substring(dns.lastIndexOf(':') + 1);
        Path spec = home.resolve("web.yaml");
        Files.writeString(spec, Files.readString(Path.of(System.getProperty("borg.examples", "../examples"))
                .resolve("web.yaml")).replace("name: web", "name: web\nuser: demo"));
        borg("job", "run", spec.toString());

        String srv = "_http._tcp.web.demo.local.borg";
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() ->
                ExternalTool.run(home, dig.toString(), "@127.0.0.1", "-p", port, "+short", srv, "SRV").lines().count() == 2);
        HttpClient http = HttpClient.newHttpClient();
        for (String record : ExternalTool.run(home, dig.toString(), "@127.0.0.1", "-p", port, "+short", srv, "SRV").lines().toList()) {
            String[] fields = record.split(" ");
            String index = fields[3].substring(0, fields[3].indexOf('.'));
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> assertThat(http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fields[2] + "/")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("web task " + index + " on port " + fields[2] + "\n"));
        }
        assertThat(borg("job", "endpoints", "web")).contains("2 ready", "0.web.demo.local.borg", "SRV " + srv);
        assertThat(borg("job", "status", "web")).contains("PORTS", "http=2");

        borg("job", "kill", "web");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() ->
                ExternalTool.run(home, dig.toString(), "@127.0.0.1", "-p", port, srv, "SRV").contains("status: NXDOMAIN"));
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
    @Order(1)
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

        // A running job's change is planned as the update it would be (borg job apply's).
        assertThat(borg("job", "plan", spec.toString())).contains("~ change job spread (version 1)", "(no change to the spec)");
        Files.writeString(spec, Files.readString(spec).replace("argv: [\"/bin/sleep\", \"600\"]", "argv: [\"/bin/sleep\", \"700\"]"));
        assertThat(borg("job", "plan", spec.toString())).contains("~ change job spread (version 1)",
                "~ task.argv: [/bin/sleep, 600] -> [/bin/sleep, 700]", "tasks replaced by the rolling update: [0, 1, 2, 3, 4]");
    }

    @Test
    @Order(2)
    void aTaskIsReadyOnlyOnceItsReadinessPassesAndALivenessFailureRestartsIt() throws Exception {
        Path spec = home.resolve("checked.yaml");
        Files.writeString(spec, """
                name: checked
                task:
                  argv: ["/bin/sh", "-c", "rm -f sick; exec sleep 600"]
                  runtime: process
                  resources: {cpu: 100m, ram: 32Mi}
                  restart: {policy: on_failure, max_attempts: 5, backoff: 100ms}
                  readiness:
                    exec: [/bin/sh, -c, "test -e warm || { echo warming up; exit 1; }"]
                    interval: 200ms
                    timeout: 5s
                    failure_threshold: 1
                  liveness:
                    exec: [/bin/sh, -c, "test ! -e sick || { echo hung; exit 1; }"]
                    interval: 200ms
                    timeout: 5s
                    failure_threshold: 2
                """);
        borg("job", "run", spec.toString());

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(borg("job", "status", "checked")).containsPattern("\n0 +RUNNING +no +m\\d .* +readiness: exit 1: warming up "));
        Path taskDir;
        try (var found = Files.find(home.resolve(".borg"), 6, (path, attributes) -> path.endsWith("tasks/checked.0.1"))) {
            taskDir = found.findFirst().orElseThrow();
        }

        Files.writeString(taskDir.resolve("warm"), "");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(borg("job", "status", "checked")).containsPattern("\n0 +RUNNING +yes +m\\d +1 +0 .* +passing "));

        Files.writeString(taskDir.resolve("sick"), "");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(borg("job", "status", "checked")).containsPattern("\n0 +RUNNING +yes +m\\d +1 +1 .* +passing +"
                        + "liveness check failed: exit 1: hung; restarting in 100 ms"));
        assertThat(borg("job", "status", "checked", "-o", "json")).contains("\"ready\": true", "\"health\": \"passing\"",
                "\"restarts\": 1");
        borg("job", "kill", "checked");
    }

    @Test
    @Order(3)
    void sigtermStopsTheCellAndLeavesNoTaskBehind() throws Exception {
        Path spec = home.resolve("long.yaml");
        Files.writeString(spec, """
                name: long
                count: 2
                task:
                  argv: ["/bin/sh", "-c", "sleep 600; echo %s"]
                  runtime: process
                  resources: {cpu: 100m, ram: 32Mi}
                """.formatted(marker));
        borg("job", "run", spec.toString());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> markedProcesses().size() >= 2);
        List<ProcessHandle> below = up.descendants().toList();

        up.destroy(); // SIGTERM, as Ctrl-C would
        assertThat(up.waitFor(60, TimeUnit.SECONDS)).as("borg up stops within a minute").isTrue();

        assertThat(output()).contains("stopping the cell", "stopped");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(markedProcesses()).isEmpty();
            assertThat(below).noneMatch(ProcessHandle::isAlive);
        });
        up = null;
    }

    private List<ProcessHandle> markedProcesses() {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(marker)).toList();
    }

    private String output() throws java.io.IOException {
        return Files.readString(home.resolve("up.out"));
    }

    private static Map<Integer, String> placements(String plan) {
        Map<Integer, String> out = new TreeMap<>();
        Matcher m = PLACEMENT.matcher(plan);
        while (m.find()) {
            out.put(Integer.parseInt(m.group(1)), m.group(2));
        }
        return out;
    }

    private Job awaitJob(String name, Predicate<Job> condition, Duration within) throws Exception {
        Path cellJson = home.resolve(".borg").resolve(CellFile.NAME);
        try (CellClient client = new CellClient(MasterEndpoints.of(CellFile.read(cellJson), cellJson), Duration.ofSeconds(10))) {
            Job[] last = new Job[1];
            await().atMost(within).pollInterval(Duration.ofMillis(300)).until(() -> {
                last[0] = client.jobs(CellClient.Retry.IDEMPOTENT, s -> s.getJob(GetJobRequest.newBuilder().setName(name).build()));
                return condition.test(last[0]);
            });
            return last[0];
        }
    }

    private String borg(String... args) throws Exception {
        return BorgCli.run(jar, home, args);
    }
}
