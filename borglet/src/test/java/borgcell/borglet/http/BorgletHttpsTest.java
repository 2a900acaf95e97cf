package borgcell.borglet.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import borgcell.borglet.logs.LogFiles;
import borgcell.trust.CellCa;
import borgcell.trust.Identity;
import borgcell.trust.MutualTls;
import borgcell.trust.Role;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Borglet's HTTPS: its metrics to whoever may read the cell, its tasks' logs to replicas and admins only. */
class BorgletHttpsTest {

    @Test
    void metricsAndLogsAreServedOnlyToWhomTheyBelong(@TempDir Path dir) throws Exception {
        CellCa ca = CellCa.loadOrCreate(dir.resolve("pki"));
        Files.createDirectories(dir.resolve("tasks/web.0.1"));
        Files.writeString(dir.resolve("tasks/web.0.1/stdout"), "secret output\n");
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.counter("borg.test.counter").increment();
        try (MutualTls machine = MutualTls.of(ca.issue(Identity.machine("m1"), List.of("127.0.0.1")), Duration.ofSeconds(30));
             BorgletHttpServer server = new BorgletHttpServer(new InetSocketAddress("127.0.0.1", 0), registry,
                     () -> true, new LogFiles(dir.resolve("tasks")), Optional.of(machine))) {
            String base = server.url("127.0.0.1");
            assertThat(base).startsWith("https://");
            HttpClient nobody = HttpClient.newBuilder().sslContext(MutualTls.httpsWithoutCertificate(ca.certificateFile()))
                    .build();
            HttpClient viewer = as(ca, new Identity(Role.VIEWER, "prometheus"));
            HttpClient alice = as(ca, Identity.user("alice"));
            HttpClient replica = as(ca, Identity.replica("r1"));

            assertThat(get(nobody, base + "/actuator/health").statusCode()).isEqualTo(200);
            HttpResponse<String> anonymous = get(nobody, base + "/actuator/prometheus");
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.body()).contains("no client certificate of the cell");
            assertThat(get(viewer, base + "/actuator/prometheus").body()).contains("borg_test_counter_total 1.0");

            String log = base + "/logs/web.0.1/stdout";
            HttpResponse<String> byUser = get(alice, log);
            assertThat(byUser.statusCode()).isEqualTo(403);
            assertThat(byUser.body()).contains("user:alice may not read task logs on a machine").doesNotContain("secret");
            assertThat(get(viewer, log).statusCode()).isEqualTo(403);
            assertThat(get(nobody, log).statusCode()).isEqualTo(401);
            assertThat(get(replica, log).body()).isEqualTo("secret output\n");
            assertThat(get(as(ca, Identity.admin("root")), log).body()).isEqualTo("secret output\n");

            HttpClient stranger = as(CellCa.loadOrCreate(dir.resolve("other")), Identity.replica("r1"));
            assertThatThrownBy(() -> get(stranger, log)).isInstanceOf(IOException.class);
            assertThat(plaintext(base.replace("https://", "http://") + "/logs/web.0.1/stdout")).doesNotContain("secret");
        }
    }

    /** What a plaintext client gets: the JDK's HTTPS server closes the connection, or answers garbage. */
    private static String plaintext(String url) throws Exception {
        try {
            return get(HttpClient.newHttpClient(), url).body();
        } catch (IOException closed) {
            return "";
        }
    }

    private static HttpClient as(CellCa ca, Identity who) {
        return HttpClient.newBuilder().sslContext(MutualTls.httpsOnce(ca.issue(who, List.of()))).build();
    }

    private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
