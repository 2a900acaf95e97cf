package borgcell.borglet.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import borgcell.api.v1.TaskTemplate;
import borgcell.borglet.http.BorgletHttpServer;
import borgcell.borglet.logs.LogFiles;
import borgcell.borglet.runtime.RunningTask;
import borgcell.borglet.runtime.TaskLaunch;
import borgcell.borglet.runtime.TaskRuntime;
import borgcell.borglet.runtime.process.ProcessRuntime;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BorgletMetricsTest {
    @TempDir
    Path dir;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    private RunningTask run(TaskRuntime runtime, String name, String... argv) throws Exception {
        TaskTemplate template = TaskTemplate.newBuilder().addAllArgv(List.of(argv)).build();
        return runtime.start(new TaskLaunch(name, 0, 1, template, dir.resolve(name), "m1"));
    }

    @Test
    void startsAndExitsAreCountedByRuntimeAndReason() throws Exception {
        TaskRuntime runtime = BorgletMetrics.metered(List.of(new ProcessRuntime(Duration.ofMillis(200))), registry).get(0);

        run(runtime, "ok", "/bin/true").onExit().get(10, TimeUnit.SECONDS);
        run(runtime, "bad", "/bin/sh", "-c", "exit 3").onExit().get(10, TimeUnit.SECONDS);
        run(runtime, "missing", "/no/such/binary").onExit().get(10, TimeUnit.SECONDS);
        RunningTask sleeper = run(runtime, "sleeper", "/bin/sleep", "60");
        sleeper.kill();
        sleeper.onExit().get(10, TimeUnit.SECONDS);

        String scrape = registry.scrape();
        assertThat(scrape).contains(
                "borg_borglet_task_starts_total{runtime=\"process\"} 4.0",
                "borg_borglet_task_exits_total{reason=\"succeeded\",runtime=\"process\"} 1.0",
                "borg_borglet_task_exits_total{reason=\"failed\",runtime=\"process\"} 1.0",
                "borg_borglet_task_exits_total{reason=\"not_started\",runtime=\"process\"} 1.0",
                "borg_borglet_task_exits_total{reason=\"killed\",runtime=\"process\"} 1.0",
                "borg_borglet_runtime_start_duration_seconds_count{runtime=\"process\"} 4");
    }

    @Test
    void aMeteredRuntimeKeepsTheMachineAttributesOfTheOneItWraps() {
        TaskRuntime withPlatform = new borgcell.borglet.runtime.microvm.MicroVmRuntime(4096,
                borgcell.borglet.vmm.TestPlatforms.host());

        TaskRuntime metered = BorgletMetrics.metered(List.of(withPlatform), registry).get(0);

        assertThat(metered.attributes()).isEqualTo(withPlatform.attributes()).containsKey("platform");
    }

    @Test
    void aRunningTasksUsageIsShownBesideItsRequestUntilItEnds() throws Exception {
        borgcell.borglet.runtime.TaskUsage[] used = {new borgcell.borglet.runtime.TaskUsage(1_500_000_000L, 40L << 20, 50L << 20)};
        java.util.concurrent.CompletableFuture<borgcell.borglet.runtime.TaskExit> exit = new java.util.concurrent.CompletableFuture<>();
        borgcell.borglet.runtime.RunningTask running = new borgcell.borglet.runtime.RunningTask() {
            @Override public long pid() { return -1; }
            @Override public java.util.concurrent.CompletableFuture<borgcell.borglet.runtime.TaskExit> onExit() { return exit; }
            @Override public void kill() { }
            @Override public java.util.Optional<borgcell.borglet.runtime.TaskUsage> usage() {
                return exit.isDone() ? java.util.Optional.empty() : java.util.Optional.of(used[0]);
            }
        };
        TaskRuntime measuring = new TaskRuntime() {
            @Override public String name() { return "container"; }
            @Override public boolean selfTest() { return true; }
            @Override public borgcell.borglet.runtime.RunningTask start(borgcell.borglet.runtime.TaskLaunch launch) { return running; }
        };
        TaskRuntime metered = BorgletMetrics.metered(List.of(measuring), registry).get(0);
        borgcell.api.v1.TaskTemplate template = borgcell.api.v1.TaskTemplate.newBuilder().addArgv("x")
                .setResources(borgcell.api.v1.Resources.newBuilder().setCpuMillis(250).setRamBytes(64L << 20)).build();

        metered.start(new borgcell.borglet.runtime.TaskLaunch("web", 3, 1, template, dir.resolve("t"), "m1"));

        String tags = "{index=\"3\",job=\"web\",runtime=\"container\"}";
        assertThat(registry.scrape()).contains(
                "borg_borglet_task_cpu_seconds_total" + tags + " 1.5",
                "borg_borglet_task_cpu_request" + tags + " 0.25",
                "borg_borglet_task_memory_bytes" + tags + " 4.194304E7",
                "borg_borglet_task_memory_peak_bytes" + tags + " 5.24288E7",
                "borg_borglet_task_memory_request_bytes" + tags + " 6.7108864E7");
        exit.complete(new borgcell.borglet.runtime.TaskExit.Exited(0));
        assertThat(registry.scrape()).doesNotContain("borg_borglet_task_memory_bytes", "borg_borglet_task_cpu_seconds_total");
    }

    @Test
    void aMeteredRuntimeReapsTheOrphansOfTheOneItWraps() {
        Path workDir = dir.resolve("borglet");
        TaskRuntime withOrphans = new TaskRuntime() {
            @Override public String name() { return "orphaned"; }
            @Override public boolean selfTest() { return true; }
            @Override public int reapOrphans(Path asked) { return asked.equals(workDir) ? 3 : 0; }
            @Override public borgcell.borglet.runtime.RunningTask start(borgcell.borglet.runtime.TaskLaunch launch) {
                throw new UnsupportedOperationException();
            }
        };

        TaskRuntime metered = BorgletMetrics.metered(List.of(withOrphans), registry).get(0);

        assertThat(metered.reapOrphans(workDir)).as("a Borglet runs its metered runtimes: orphans must reach the real one").isEqualTo(3);
    }

    @Test
    void theMetricsServerAnswersScrapesAndHealthOverHttp() throws Exception {
        registry.counter("borg.test.counter").increment();
        boolean[] healthy = {false};
        try (BorgletHttpServer server = new BorgletHttpServer(new InetSocketAddress("127.0.0.1", 0), registry,
                () -> healthy[0], new LogFiles(dir.resolve("tasks")))) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body()).contains("borg_test_counter_total 1.0");
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(503);
            healthy[0] = true;
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("{\"status\":\"UP\"}");
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(405);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/elsewhere")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);

            java.nio.file.Files.createDirectories(dir.resolve("tasks/web.0.1"));
            java.nio.file.Files.writeString(dir.resolve("tasks/web.0.1/stdout"), "hello from web\n");
            HttpResponse<String> log = http.send(HttpRequest.newBuilder(
                    URI.create(base + "/logs/web.0.1/stdout?offset=6")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(log.statusCode()).isEqualTo(200);
            assertThat(log.body()).isEqualTo("from web\n");
            assertThat(log.headers().firstValue("X-Log-Size")).contains("15");
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/logs/web.0.1/stdout?offset=x")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(400);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/logs/../../etc/passwd")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/logs/web.0.2/stdout")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        }
    }
}
