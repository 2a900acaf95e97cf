package borgcell.master.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import borgcell.master.raft.PeerAddress;
import borgcell.master.web.ReplicaApps;
import borgcell.trust.CellCa;
import borgcell.trust.MutualTls;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a Kubernetes probe gets from three real replicas of mutual TLS: it shows no certificate
 * (the kubelet's HTTPS probe has none), and still reads liveness and readiness, which turns UP on
 * every replica once the group has formed and each has caught up.
 */
class ReadinessProbeTest {

    @Test
    void probesWithoutACertificateSeeEveryMemberLiveAndReady(@TempDir Path dir) throws Exception {
        CellCa ca = CellCa.loadOrCreate(dir.resolve("pki"));
        HttpClient probe = HttpClient.newBuilder().sslContext(MutualTls.httpsWithoutCertificate(ca.certificateFile()))
                .connectTimeout(Duration.ofSeconds(5)).build();
        try (ReplicaApps cell = new ReplicaApps(dir.resolve("data"), Optional.of(ca))) {
            for (PeerAddress replica : cell.peers()) {
                assertThat(get(probe, replica, "/actuator/health/liveness")).isEqualTo("200 {\"status\":\"UP\"}");
                // A follower may take a moment to apply the new leader's first entry.
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(get(probe, replica, "/actuator/health/readiness")).isEqualTo("200 {\"status\":\"UP\"}"));
                // The rest of Actuator stays closed to a caller without an identity.
                assertThat(get(probe, replica, "/actuator/prometheus")).startsWith("401");
            }
        }
    }

    private static String get(HttpClient client, PeerAddress replica, String path) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(replica.httpUrl(true) + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }
}
