package borgcell.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import borgcell.cli.client.CellFile;
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
 * {@code borg up} as it starts by default: the five replicas and three Borglets in its own
 * JVM, the hello job run, HTTP served, and the {@code borg} command working against it from
 * other processes; SIGTERM ends it all, the tasks included. {@link CellEndToEndIT} runs the
 * cell of separate processes ({@code --processes}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CellInOneJvmIT {
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

    /** Runs the borg command from the built jar in the cell's directory; answers its stdout. */
    private String borg(String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-jar", jar.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(home.toFile())
                .redirectError(home.resolve("borg-cli.err").toFile()).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("borg %s: %s", String.join(" ", args),
                Files.readString(home.resolve("borg-cli.err"))).isZero();
        return out;
    }
}
