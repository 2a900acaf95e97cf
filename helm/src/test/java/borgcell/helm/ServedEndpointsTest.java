package borgcell.helm;

import static org.assertj.core.api.Assertions.assertThat;

import borgcell.borglet.http.BorgletHttpServer;
import borgcell.borglet.logs.LogFiles;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The probes point at endpoints the daemons serve: a replica's paths as its Spring Boot
 * configuration (borgmaster's application.properties) exposes them, a Borglet's asked of its
 * real HTTP server.
 */
class ServedEndpointsTest {
    private static final Path MASTER_PROPERTIES =
            Chart.REPOSITORY.resolve("borgmaster/src/main/resources/application.properties");

    @ParameterizedTest
    @EnumSource(ValuesCase.class)
    void replicaProbesAskPathsItsActuatorServes(ValuesCase values) throws Exception {
        Properties app = properties();
        Set<String> served = actuatorPaths(app);
        Container master = PodSpecs.container(Manifests.parse(Chart.template(values)).masters().getSpec().getTemplate(),
                "master");
        for (Probe probe : PodSpecs.probes(master)) {
            assertThat(probe.getHttpGet()).as("replica probes are HTTP").isNotNull();
            assertThat(served).as("what Actuator serves, by %s", MASTER_PROPERTIES).contains(probe.getHttpGet().getPath());
        }
        assertThat(master.getReadinessProbe().getHttpGet().getPath()).endsWith("/readiness");
        // Ready means caught up in the Raft group: the raft component (RaftHealthIndicator) is in the group.
        assertThat(List.of(app.getProperty("management.endpoint.health.group.readiness.include", "").split(",\\s*")))
                .contains("raft");
        // Liveness must not hang on the group: a cell without quorum would restart every replica.
        assertThat(app.getProperty("management.endpoint.health.group.liveness.include", "livenessState"))
                .doesNotContain("raft");
        // A local cell binds HTTP to loopback; here the kubelet and the Services come from outside the pod.
        if (app.getProperty("server.address", "").startsWith("127.")) {
            assertThat(PodSpecs.env(master, "SERVER_ADDRESS").getValue()).isEqualTo("0.0.0.0");
        }
        // gRPC too (BorgMasterApplication.BIND_HOST_VARIABLE): port-forward dials the pod's loopback.
        assertThat(PodSpecs.env(master, "BORG_REPLICA_BIND_HOST").getValue()).isEqualTo("0.0.0.0");
    }

    @ParameterizedTest
    @EnumSource(value = ValuesCase.class, names = {"DEFAULTS", "PRODUCTION"})
    void borgletProbesAskPathsItsServerAnswers(ValuesCase values, @TempDir Path work) throws Exception {
        Container borglet = PodSpecs.container(Manifests.parse(Chart.template(values)).borglets().orElseThrow()
                .getSpec().getTemplate(), "borglet");
        try (BorgletHttpServer server = new BorgletHttpServer(new InetSocketAddress("127.0.0.1", 0),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), () -> true, new LogFiles(work))) {
            HttpClient http = HttpClient.newHttpClient();
            for (Probe probe : PodSpecs.probes(borglet)) {
                if (probe.getHttpGet() != null) {
                    String path = probe.getHttpGet().getPath();
                    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                            URI.create(server.url("127.0.0.1") + path)).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(answer.statusCode()).as("GET %s of a registered Borglet", path).isEqualTo(200);
                }
            }
            // And the path the ServiceMonitor scrapes.
            assertThat(http.send(HttpRequest.newBuilder(URI.create(server.url("127.0.0.1") + "/actuator/prometheus"))
                    .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @EnumSource(value = ValuesCase.class, names = "PRODUCTION")
    void serviceMonitorsScrapeServedPaths(ValuesCase values) throws Exception {
        Set<String> served = actuatorPaths(properties());
        for (var monitor : Manifests.parse(Chart.template(values)).custom("ServiceMonitor")) {
            @SuppressWarnings("unchecked")
            List<java.util.Map<String, Object>> endpoints = (List<java.util.Map<String, Object>>)
                    ((java.util.Map<String, Object>) monitor.getAdditionalProperties().get("spec")).get("endpoints");
            // The Borglet serves the replicas' metrics path (BorgletHttpServer, checked live above).
            endpoints.forEach(e -> assertThat(served).contains((String) e.get("path")));
        }
    }

    private static Properties properties() throws Exception {
        Properties app = new Properties();
        try (Reader in = Files.newBufferedReader(MASTER_PROPERTIES)) {
            app.load(in);
        }
        return app;
    }

    /**
     * The paths Spring Boot's Actuator serves under this configuration: each exposed endpoint under
     * the base path; with probes on, health's liveness and readiness groups; each group defined.
     */
    static Set<String> actuatorPaths(Properties app) {
        String base = app.getProperty("management.endpoints.web.base-path", "/actuator");
        Set<String> exposed = new HashSet<>(Arrays.asList(
                app.getProperty("management.endpoints.web.exposure.include", "health").split(",\\s*")));
        Set<String> paths = new HashSet<>();
        exposed.forEach(endpoint -> paths.add(base + "/" + endpoint));
        if (exposed.contains("health")) {
            if (Boolean.parseBoolean(app.getProperty("management.endpoint.health.probes.enabled", "false"))) {
                paths.add(base + "/health/liveness");
                paths.add(base + "/health/readiness");
            }
            app.stringPropertyNames().stream()
                    .map(name -> Optional.of(name).filter(n -> n.startsWith("management.endpoint.health.group."))
                            .map(n -> n.substring("management.endpoint.health.group.".length()).split("\\.")[0]))
                    .flatMap(Optional::stream)
                    .forEach(group -> paths.add(base + "/health/" + group));
        }
        return paths;
    }
}
