package borgcell.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import borgcell.api.v1.GetJobRequest;
import borgcell.api.v1.Job;
import borgcell.api.v1.JobSpec;
import borgcell.api.v1.JobState;
import borgcell.api.v1.ListMachinesRequest;
import borgcell.api.v1.Machine;
import borgcell.api.v1.MachineState;
import borgcell.api.v1.Resources;
import borgcell.api.v1.SubmitJobRequest;
import borgcell.api.v1.Task;
import borgcell.api.v1.TaskState;
import borgcell.api.v1.TaskTemplate;
import borgcell.cli.client.CellClient;
import borgcell.cli.client.CellFile;
import borgcell.cli.client.MasterEndpoints;
import borgcell.trust.Identity;
import borgcell.trust.MutualTls;
import borgcell.trust.Role;
import borgcell.trust.TlsFiles;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
 * The whole cell as a user runs it: {@code borg up --processes} from the built jar starts five
 * BorgMaster replicas and three Borglets, each a separate process on loopback (so that one
 * Borglet can be killed with SIGKILL); jobs go in through the gRPC API and run as real
 * processes on the Borglets. {@link CellInOneJvmIT} runs the default, all in one JVM.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CellEndToEndIT {
    private static final long MI = 1L << 20;
    private final String marker = "e2e-" + UUID.randomUUID();
    private Path home;
    private Process up;
    private CellClient client;

    @BeforeAll
    void startCell(@TempDir Path dir) throws Exception {
        home = dir;
        Path jar = Path.of(System.getProperty("borg.jar", "target/borg.jar")).toAbsolutePath();
        assertThat(jar).exists();
        String java = ProcessHandle.current().info().command().orElse("java");
        up = new ProcessBuilder(java, "-Xmx256m", "-jar", jar.toString(), "up", "--processes", "--no-hello", "--dir", home.resolve(".borg").toString())
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("up.out").toFile())
                .start();
        Path cellJson = home.resolve(".borg").resolve(CellFile.NAME);
        // Eight JVMs and, on a new jar, the class cache's training run: 67-86 s at load 15-25 on
        // two cores, and past 150 s once under a heavier load of other builds.
        await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(500)).until(() ->
                Files.readString(home.resolve("up.out")).contains("cell is up") || !up.isAlive());
        assertThat(up.isAlive()).as("borg up is running; its output:%n%s", Files.readString(home.resolve("up.out"))).isTrue();
        client = new CellClient(MasterEndpoints.of(CellFile.read(cellJson), cellJson), Duration.ofSeconds(10));
    }

    @AfterAll
    void stopCell() throws Exception {
        if (client != null) {
            client.close();
        }
        if (up != null) {
            up.destroy(); // SIGTERM, as Ctrl-C would
            assertThat(up.waitFor(60, TimeUnit.SECONDS)).as("borg up stops within a minute").isTrue();
        }
    }

    @Test
    @Order(0)
    void theProcessesStartFromTheExtractedJarWithAnAheadOfTimeClassCache() throws IOException {
        Path app = home.resolve(".borg").resolve("app");
        assertThat(app.resolve("borg.aot")).as("the training run wrote the cache").isNotEmptyFile();
        for (String child : List.of("r1", "m1")) {
            String firstLine = Files.readAllLines(home.resolve(".borg").resolve("logs").resolve(child + ".log")).get(0);
            assertThat(firstLine).contains("-XX:AOTCache=" + app.resolve("borg.aot"), "-jar " + app.resolve("borg.jar"));
            assertThat(Files.readString(home.resolve(".borg").resolve("logs").resolve(child + ".log")))
                    .as("the JVM took the cache").doesNotContain("[aot]");
        }
    }

    @Test
    @Order(0)
    void theCellTakesOnlyCallersWithItsCertificatesAndTheBorgCommandFindsTheAdminsByItself() throws Exception {
        Path pki = home.resolve(".borg").resolve("pki");
        assertThat(pki.resolve("ca.crt")).isNotEmptyFile();
        assertThat(Files.getPosixFilePermissions(pki.resolve("admin-admin.key"))).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        CellFile cell = CellFile.read(home.resolve(".borg").resolve(CellFile.NAME));
        try (CellClient plaintext = new CellClient(new MasterEndpoints(cell.masters(), "test"), Duration.ofSeconds(3))) {
            assertThatThrownBy(() -> plaintext.cell(CellClient.Retry.IDEMPOTENT,
                    c -> c.getCell(borgcell.api.v1.GetCellRequest.getDefaultInstance())))
                    .isInstanceOf(io.grpc.StatusRuntimeException.class).hasMessageContaining("no BorgMaster answered");
        }

        assertThat(borg("cell")).contains("r1", "r5");
    }

    @Test
    @Order(1)
    void aJobOfTenTasksRunsToSuccessOverTheThreeBorglets() throws IOException {
        assertThat(machines()).extracting(Machine::getState).containsOnly(MachineState.UP).hasSize(3);
        // 500m each on 2000m machines: at most four fit on one, so the job needs all three.
        submit(spec("ten", 10, List.of("/bin/sh", "-c", "echo task $BORG_TASK_INDEX of $BORG_JOB"), 500));

        Job done = awaitJob("ten", j -> j.getState() == JobState.JOB_FINISHED, Duration.ofSeconds(90));

        assertThat(done.getTasksList()).allSatisfy(t -> {
            assertThat(t.getState()).isEqualTo(TaskState.SUCCEEDED);
            assertThat(t.getExitCode()).isZero();
        });
        Set<String> used = done.getTasksList().stream().map(Task::getMachineId).collect(Collectors.toSet());
        assertThat(used).containsExactlyInAnyOrder("m1", "m2", "m3");
        for (Task t : done.getTasksList()) {
            Path stdout = home.resolve(".borg").resolve(t.getMachineId()).resolve("tasks")
                    .resolve("ten." + t.getIndex() + "." + t.getAttempt()).resolve("stdout");
            assertThat(Files.readString(stdout)).isEqualTo("task " + t.getIndex() + " of ten\n");
        }
    }

    @Test
    @Order(1)
    void everyBorgletOffersContainersTheExampleRunsInThemAndATaskPastItsRamEndsOomKilled() throws Exception {
        // runc is installed by .ci/run; the Borglets run as root here.
        assertThat(machines()).hasSize(3).allSatisfy(m -> assertThat(m.getRuntimesList()).contains("container"));
        Path example = Path.of(System.getProperty("borg.examples", "../examples")).resolve("hello-container.yaml").toAbsolutePath();

        borg("job", "run", example.toString());

        Job done = awaitJob("hello-container", j -> j.getState() == JobState.JOB_FINISHED, Duration.ofSeconds(60));
        assertThat(done.getTasksList()).hasSize(2).allSatisfy(t -> assertThat(t.getState()).isEqualTo(TaskState.SUCCEEDED));
        assertThat(borg("job", "logs", "hello-container/1")).matches("hello from a container: task 1 as uid 2\\d{5}, pid 1\n");

        JobSpec hungry = spec("hungry", 1, List.of("/bin/sh", "-c", "head -c 400000000 /dev/zero | tail -n 1"), 100);
        submit(hungry.toBuilder().setTask(hungry.getTask().toBuilder().setRuntime("container")).build());
        Task oom = awaitJob("hungry", j -> j.getState() == JobState.JOB_FINISHED, Duration.ofSeconds(60)).getTasks(0);
        assertThat(oom.getState()).isEqualTo(TaskState.FAILED);
        assertThat(oom.getExitCode()).isEqualTo(137);
        assertThat(oom.getMessage()).startsWith("OOMKilled");

        // A task that names no runtime runs in the machine's default: a container where offered.
        JobSpec unnamed = spec("unnamed", 1, List.of("/bin/sh", "-c", "id -u"), 100);
        submit(unnamed.toBuilder().setTask(unnamed.getTask().toBuilder().clearRuntime()).build());
        awaitJob("unnamed", j -> j.getState() == JobState.JOB_FINISHED, Duration.ofSeconds(60));
        assertThat(Integer.parseInt(borg("job", "logs", "unnamed/0").strip())).as("a task user, not root").isGreaterThanOrEqualTo(200_000);
        assertThat(borg("machine", "ls")).contains("container*");

        // What a running container uses reaches `borg job status`: Borglet heartbeat, leader, answer.
        JobSpec busy = spec("busy", 1, List.of("/bin/sh", "-c", "while :; do :; done"), 250);
        submit(busy.toBuilder().setTask(busy.getTask().toBuilder().setRuntime("container")
                .setResources(busy.getTask().getResources().toBuilder().setCpuLimitMillis(250))).build());
        Task measured = awaitJob("busy", j -> j.getTasks(0).getUsage().getCpuMillicores() >= 150, Duration.ofSeconds(30))
                .getTasks(0);
        assertThat(measured.getUsage().getCpuMillicores()).as("capped at 250m").isLessThanOrEqualTo(300);
        assertThat(measured.getUsage().getMemoryBytes()).isPositive().isLessThanOrEqualTo(32 * MI);
        assertThat(borg("job", "status", "busy")).containsPattern("\n0 +RUNNING +yes +m\\d +1 +0 +- +\\d+m/250m +[\\d.]+(Ki|Mi)?/32Mi +");
        borg("job", "kill", "busy");
    }

    @Test
    @Order(1)
    void everyBorgletOffersMicroVmsOnItsPlatformAndTheExampleJobRunsInThem() throws Exception {
        // KVM where the host has /dev/kvm, ptrace where it has not: every Linux host offers microvm.
        assertThat(machines()).hasSize(3).allSatisfy(m -> {
            assertThat(m.getRuntimesList()).contains("microvm");
            assertThat(m.getAttributesMap()).containsKey("platform");
            assertThat(m.getAttributesMap().get("platform")).isIn("kvm", "ptrace");
        });
        Path example = Path.of(System.getProperty("borg.examples", "../examples")).resolve("hello-microvm.yaml").toAbsolutePath();

        borg("job", "run", example.toString());

        Job done = awaitJob("hello-microvm", j -> j.getState() == JobState.JOB_FINISHED, Duration.ofSeconds(60));
        assertThat(done.getTasksList()).hasSize(2).allSatisfy(t -> assertThat(t.getState()).isEqualTo(TaskState.SUCCEEDED));
        assertThat(borg("job", "logs", "hello-microvm/1")).isEqualTo("hello from a microVM: task 1 of job hello-microvm\n");
    }

    @Test
    @Order(2)
    void operatorsReadLogsAskWhyAndDrainThroughTheBorgCommand() throws Exception {
        assertThat(borg("job", "logs", "ten/3")).isEqualTo("task 3 of ten\n");
        assertThat(borg("job", "logs", "ten/3", "--tail", "4")).isEqualTo("ten\n");
        // The web UI's log links, REST on HTTPS: logs are their owner's (or an admin's), and need a certificate.
        CellFile cellFile = CellFile.read(home.resolve(".borg").resolve(CellFile.NAME));
        assertThat(cellFile.replicas().get(4).http()).startsWith("https://");
        HttpRequest logs = HttpRequest.newBuilder(URI.create(cellFile.replicas().get(4).http()
                + "/api/v1/jobs/ten/tasks/3/logs?stream=stdout&tail=65536")).build();
        HttpClient anonymous = HttpClient.newBuilder().sslContext(MutualTls.httpsWithoutCertificate(
                home.resolve(".borg").resolve("pki").resolve("ca.crt"))).build();
        HttpResponse<String> refused = anonymous.send(logs, HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("no client certificate of the cell");
        HttpClient admin = HttpClient.newBuilder().sslContext(MutualTls.httpsOnce(cellFile.clientTls().orElseThrow()))
                .build();
        assertThat(admin.send(logs, HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("task 3 of ten\n");

        submit(spec("talker", 1, List.of("/bin/sh", "-c", "echo first; sleep 1; echo second >&2; echo third"), 100));
        // -f follows the task from wherever it is until it ends.
        assertThat(borg("job", "logs", "talker/0", "-f")).isEqualTo("first\nthird\n");
        assertThat(borg("job", "logs", "talker/0", "--stderr")).isEqualTo("second\n");

        JobSpec huge = spec("huge", 1, List.of("/bin/true"), 100).toBuilder()
                .setTask(spec("huge", 1, List.of("/bin/true"), 100).getTask().toBuilder()
                        .setResources(Resources.newBuilder().setCpuMillis(100).setRamBytes(64L << 30)))
                .build();
        submit(huge);
        assertThat(borg("job", "why", "huge")).contains("0/3 machines fit: 3 insufficient ram");

        assertThat(borg("machine", "drain", "m3")).contains("machine m3 is draining");
        assertThat(machines()).filteredOn(m -> m.getId().equals("m3")).singleElement()
                .satisfies(m -> assertThat(m.getState()).isEqualTo(MachineState.DRAINING));
        assertThat(borg("machine", "undrain", "m3")).contains("machine m3 is up");
        client.jobs(CellClient.Retry.IDEMPOTENT, s -> s.killJob(
                borgcell.api.v1.KillJobRequest.newBuilder().setName("huge").build()));
    }

    /** Runs the borg command from the built jar in the cell's directory; answers its stdout. */
    private String borg(String... args) throws Exception {
        Ran ran = borgWith(Map.of(), args);
        assertThat(ran.exit()).as("borg %s: %s", String.join(" ", args), ran.err()).isZero();
        return ran.out();
    }

    private record Ran(int exit, String out, String err) {}

    /** Runs the borg command with {@code env} added to its environment; answers how it ended. */
    private Ran borgWith(Map<String, String> env, String... args) throws Exception {
        Path jar = Path.of(System.getProperty("borg.jar", "target/borg.jar")).toAbsolutePath();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new java.util.ArrayList<>(List.of(java, "-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile())
                .redirectError(home.resolve("borg-cli.err").toFile());
        builder.environment().putAll(env);
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Ran(p.exitValue(), out, Files.readString(home.resolve("borg-cli.err")));
    }

    @Test
    @Order(2)
    void everyClientCommandIsTimedFromTheShellThroughTheLauncherAndItsAgent() throws Exception {
        // Through ./borg as people type it: the commands go to the client agent it starts.
        List<String> command = List.of("bash", System.getProperty("borg.launcher"), "bench", "cli", "--runs", "1");
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile())
                .redirectError(home.resolve("bench-cli.err").toFile());
        Path agents = home.resolve("agents");
        builder.environment().put("BORG_AGENT_DIR", agents.toString());
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(home.resolve("bench-cli.err"))).isZero();
        // The agent goes when its endpoint file does.
        tools.jackson.databind.JsonNode figures = new tools.jackson.databind.ObjectMapper().readTree(
                out.strip().lines().reduce((a, b) -> b).orElseThrow());
        borgcell.cli.files.DirectoryTree.delete(agents);
        assertThat(figures.get("benchmark").asString()).isEqualTo("cli");
        assertThat(figures.get("launcher").asString()).isEqualTo("script+agent");
        List<String> timed = new java.util.ArrayList<>();
        figures.get("commands").properties().forEach(e -> {
            assertThat(e.getValue().get("p50_ms").asDouble()).as(e.getKey()).isPositive();
            timed.add(e.getKey());
        });
        assertThat(timed).containsExactly("--version", "--help", "cell", "machine ls", "job ls", "job run", "job status",
                "job why", "job logs", "job kill", "no cell running");
    }

    @Test
    @Order(2)
    void anAdminIssuesACertificateAndATokenAndEachIsHeldToItsRole() throws Exception {
        assertThat(borg("cert", "issue", "alice")).contains("issued user:alice, valid until");
        Path pki = home.resolve(".borg").resolve("pki");
        Map<String, String> alice = Map.of("BORG_CERT", pki.resolve("user-alice.crt").toString(),
                "BORG_KEY", pki.resolve("user-alice.key").toString(), "BORG_CA", pki.resolve("ca.crt").toString());
        assertThat(borgWith(alice, "job", "ls").exit()).as("a user reads the cell").isZero();
        Ran kill = borgWith(alice, "job", "kill", "ten");
        assertThat(kill.exit()).isEqualTo(1);
        assertThat(kill.err()).contains("job ten belongs to another user; killing it needs admin");
        Ran quota = borgWith(alice, "quota", "set", "alice", "batch", "--cpu", "64", "--ram", "64Gi");
        assertThat(quota.err()).contains("user:alice may not set quotas");
        Ran issue = borgWith(alice, "cert", "issue", "mallory", "--admin");
        assertThat(issue.err()).contains("issuing certificates needs the admin role");
        assertThat(pki.resolve("admin-mallory.crt")).doesNotExist();
        // An admin's certificate that ended a month ago: refused at the handshake, by every replica.
        java.time.Instant monthAgo = java.time.Instant.now().minus(Duration.ofDays(30));
        TlsFiles expired = borgcell.trust.CellCa.load(pki).issue(Identity.admin("former"), List.of(), monthAgo,
                monthAgo.plus(Duration.ofDays(1)));
        Ran old = borgWith(Map.of("BORG_CERT", expired.certificate().toString(), "BORG_KEY", expired.key().toString(),
                "BORG_CA", expired.ca().toString()), "job", "ls");
        assertThat(old.exit()).isEqualTo(1);
        assertThat(old.err()).contains("no BorgMaster answered");

        String issued = borg("token", "issue", "grafana", "--viewer");
        String bearer = issued.lines().filter(l -> l.startsWith("borg_tk")).findFirst().orElseThrow();
        String id = bearer.substring("borg_".length(), "borg_tk".length() + 12);
        assertThat(borg("token", "ls")).contains(id, "viewer:grafana", "admin:admin");
        CellFile cellFile = CellFile.read(home.resolve(".borg").resolve(CellFile.NAME));
        HttpClient browser = HttpClient.newBuilder().sslContext(MutualTls.httpsWithoutCertificate(pki.resolve("ca.crt")))
                .build();
        HttpRequest jobs = HttpRequest.newBuilder(URI.create(cellFile.replicas().getFirst().http() + "/api/v1/jobs"))
                .header("Authorization", "Bearer " + bearer).build();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.send(jobs, HttpResponse.BodyHandlers.ofString())
                .statusCode() == 200);
        assertThat(borg("token", "revoke", id)).contains("revoked " + id);
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.send(jobs, HttpResponse.BodyHandlers.ofString())
                .statusCode() == 401);
    }

    @Test
    @Order(3)
    void dashboardsAndRulesUseOnlyMetricsTheCellServesAndARealPrometheusScrapesIt() throws Exception {
        Path promtool = ExternalTool.required("promtool", "Debian package prometheus");
        Path prometheus = ExternalTool.required("prometheus", "Debian package prometheus");
        Path dashboards = Path.of(System.getProperty("borg.dashboards", "../dashboards")).toAbsolutePath();
        Path rules = dashboards.resolve("prometheus");
        ExternalTool.run(rules, promtool.toString(), "check", "rules", "recording.yml", "alerts.yml");
        ExternalTool.run(rules, promtool.toString(), "test", "rules", "alerts_test.yml");

        Set<String> used = MetricNames.usedIn(dashboards);
        assertThat(used).contains("borg_raft_term", "borg_scheduler_schedule_attempts_total",
                "borg_borglet_task_starts_total");
        CellFile cell = CellFile.read(home.resolve(".borg").resolve(CellFile.NAME));
        StringBuilder scrapes = new StringBuilder();
        // The certificate Prometheus scrapes with: a viewer's reads the metrics.
        HttpClient scraper = HttpClient.newBuilder().sslContext(MutualTls.httpsOnce(TlsFiles.in(
                home.resolve(".borg").resolve("pki"), new Identity(Role.VIEWER, "prometheus")))).build();
        for (var r : cell.replicas()) {
            scrapes.append(MetricNames.scrape(scraper, r.http()));
        }
        for (var b : cell.borglets()) {
            scrapes.append(MetricNames.scrape(scraper, b.http()));
        }
        Set<String> served = MetricNames.servedIn(scrapes.toString());
        assertThat(served).as("metrics served by the running cell").containsAll(used);

        try (ExternalTool.Server server = RealPrometheus.start(prometheus, home, rules, home.resolve(".borg"))) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                assertThat(RealPrometheus.seriesCount(server, "borg_raft_term")).isEqualTo(5);
                assertThat(RealPrometheus.seriesCount(server, "borg_scheduler_schedule_attempts_total")).isPositive();
                assertThat(RealPrometheus.seriesCount(server, "borg_borglet_registered")).isEqualTo(3);
            });
        }
    }

    @Test
    @Order(4)
    void aKilledBorgletsTasksGoBackToPendingAndRunElsewhere() {
        submit(spec("long", 2, List.of("/bin/sh", "-c", "sleep 600; echo " + marker), 250));
        Job running = awaitJob("long", j -> j.getTasksList().stream().allMatch(t -> t.getState() == TaskState.RUNNING),
                Duration.ofSeconds(60));
        Map<Integer, Task> before = running.getTasksList().stream().collect(Collectors.toMap(Task::getIndex, t -> t));
        String victim = before.get(0).getMachineId();

        ProcessHandle borglet = up.descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("borglet --id " + victim + " "))
                .findFirst().orElseThrow();
        borglet.destroyForcibly();

        Job moved = awaitJob("long", j -> j.getTasksList().stream()
                .allMatch(t -> t.getState() == TaskState.RUNNING && !t.getMachineId().equals(victim)), Duration.ofSeconds(60));
        assertThat(machines()).filteredOn(m -> m.getId().equals(victim)).singleElement()
                .satisfies(m -> assertThat(m.getState()).isEqualTo(MachineState.DOWN));
        for (Task t : moved.getTasksList()) {
            if (before.get(t.getIndex()).getMachineId().equals(victim)) {
                assertThat(t.getAttempt()).isGreaterThan(before.get(t.getIndex()).getAttempt());
            }
        }
    }

    @Test
    @Order(5)
    void stoppingBorgUpLeavesNoProcessBehind() throws Exception {
        List<ProcessHandle> children = up.descendants().toList();
        assertThat(children).hasSizeGreaterThanOrEqualTo(7); // 5 replicas, 2-3 Borglets, their tasks

        up.destroy();
        assertThat(up.waitFor(60, TimeUnit.SECONDS)).isTrue();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(children).noneMatch(ProcessHandle::isAlive);
            // Tasks of the SIGKILLed Borglet were orphaned; they must be gone too.
            assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(marker)))
                    .isEmpty();
        });
        up = null;
    }

    private List<Machine> machines() {
        return client.cell(CellClient.Retry.IDEMPOTENT, s -> s.listMachines(ListMachinesRequest.getDefaultInstance()))
                .getMachinesList();
    }

    private void submit(JobSpec spec) {
        String requestId = UUID.randomUUID().toString();
        client.jobs(CellClient.Retry.IDEMPOTENT, s -> s.submitJob(SubmitJobRequest.newBuilder()
                .setRequestId(requestId).setSpec(spec).build()));
    }

    private Job awaitJob(String name, java.util.function.Predicate<Job> condition, Duration within) {
        Job[] last = new Job[1];
        await().atMost(within).pollInterval(Duration.ofMillis(300)).until(() -> {
            last[0] = client.jobs(CellClient.Retry.IDEMPOTENT, s -> s.getJob(GetJobRequest.newBuilder().setName(name).build()));
            return condition.test(last[0]);
        });
        return last[0];
    }

    private static JobSpec spec(String name, int count, List<String> argv, long cpuMillis) {
        return JobSpec.newBuilder().setName(name).setUser("e2e").setPriority(100).setTaskCount(count)
                .setTask(TaskTemplate.newBuilder().addAllArgv(argv).setRuntime("process")
                        .setResources(Resources.newBuilder().setCpuMillis(cpuMillis).setRamBytes(32 * MI)))
                .build();
    }
}
