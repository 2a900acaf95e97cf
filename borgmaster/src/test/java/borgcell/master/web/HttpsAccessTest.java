package borgcell.master.web;

import static borgcell.cell.Fixtures.GI;
import static borgcell.cell.Fixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import borgcell.api.v1.AccessToken;
import borgcell.api.v1.GetJobRequest;
import borgcell.api.v1.IssueTokenRequest;
import borgcell.api.v1.IssuedToken;
import borgcell.api.v1.ListTokensRequest;
import borgcell.api.v1.RevokeTokenRequest;
import borgcell.api.v1.JobState;
import borgcell.api.v1.MachineState;
import borgcell.api.v1.RegisterRequest;
import borgcell.api.v1.Resources;
import borgcell.api.v1.SubmitJobRequest;
import borgcell.master.raft.PeerAddress;
import borgcell.trust.CellCa;
import borgcell.trust.Identity;
import borgcell.trust.MutualTls;
import borgcell.trust.TlsFiles;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * REST, the UI's files and Actuator of three real replicas started with mutual TLS: HTTPS only,
 * every caller named by its client certificate and held to its role, writes from other sites'
 * pages refused, and a renewed certificate served without a restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpsAccessTest {
    private final ObjectMapper json = new ObjectMapper();
    private Path dir;
    private CellCa ca;
    private ReplicaApps cell;
    private PeerAddress replica;

    @BeforeAll
    void start(@org.junit.jupiter.api.io.TempDir Path dir) {
        this.dir = dir;
        ca = CellCa.loadOrCreate(dir.resolve("pki"));
        cell = new ReplicaApps(dir.resolve("data"), Optional.of(ca));
        replica = cell.follower();
        cell.leaderMachines().register(RegisterRequest.newBuilder().setMachineId("m1")
                .setCapacity(Resources.newBuilder().setCpuMillis(1000).setRamBytes(GI).setDiskBytes(GI))
                .addRuntimes("process").build());
        cell.jobs().submitJob(SubmitJobRequest.newBuilder().setSpec(spec("bobs", 1).toBuilder().setUser("bob")).build());
        cell.jobs().submitJob(SubmitJobRequest.newBuilder().setSpec(spec("alices", 1)).build());
    }

    @AfterAll
    void stop() {
        if (cell != null) {
            cell.close();
        }
    }

    private HttpClient as(Identity who) {
        return HttpClient.newBuilder().sslContext(MutualTls.httpsOnce(ca.issue(who, List.of()))).build();
    }

    /** A client that trusts the cell's CA but has no certificate of its own. */
    private HttpClient anonymous() {
        return HttpClient.newBuilder().sslContext(MutualTls.httpsWithoutCertificate(ca.certificateFile())).build();
    }

    private HttpResponse<String> get(HttpClient client, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(replica.httpUrl(true) + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(HttpClient client, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(replica.httpUrl(true) + path))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void problem(HttpResponse<String> r, int status, String... detailParts) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/problem+json"));
        assertThat(json.readTree(r.body()).get("detail").asString()).contains(detailParts);
    }

    private JobState state(String job) {
        return cell.jobs().getJob(GetJobRequest.newBuilder().setName(job).build()).getState();
    }

    private MachineState m1() throws Exception {
        JsonNode m = json.readTree(get(as(Identity.admin("root")), "/api/v1/machines/m1").body());
        return MachineState.valueOf(m.get("state").asString().toUpperCase(java.util.Locale.ROOT));
    }

    @Test
    void withoutACertificateOnlyThePageAndHealthAnswer() throws Exception {
        HttpClient nobody = anonymous();
        assertThat(get(nobody, "/").statusCode()).isEqualTo(200);
        assertThat(get(nobody, "/actuator/health").statusCode()).isEqualTo(200);

        problem(get(nobody, "/api/v1/jobs"), 401, "no client certificate");
        problem(get(nobody, "/actuator/prometheus"), 401, "no client certificate");
        problem(post(nobody, "/api/v1/jobs/bobs/kill"), 401, "no client certificate");
        assertThat(state("bobs")).isNotEqualTo(JobState.JOB_KILLED);
    }

    @Test
    void aViewerReadsTheCellAndItsMetricsButChangesNothing() throws Exception {
        HttpClient viewer = as(new Identity(borgcell.trust.Role.VIEWER, "grafana"));
        assertThat(get(viewer, "/api/v1/jobs").statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = get(viewer, "/actuator/prometheus");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("borg_access_denied_total");

        problem(post(viewer, "/api/v1/machines/m1/drain"), 403, "viewer:grafana may not drain or undrain machines",
                "admin role");
        problem(get(viewer, "/api/v1/jobs/bobs/tasks/0/logs"), 403, "may not read task logs");
        assertThat(m1()).isEqualTo(MachineState.UP);
    }

    @Test
    void aUserKillsItsOwnJobsOnlyAndSetsNoQuota() throws Exception {
        HttpClient alice = as(Identity.user("alice"));
        JsonNode me = json.readTree(get(alice, "/api/v1/whoami").body());
        assertThat(me.get("caller").asString()).isEqualTo("user:alice");
        assertThat(me.get("actsForAnyone").asBoolean()).isFalse();
        assertThat(me.get("actions").toString()).contains("kill_job", "submit_job").doesNotContain("set_quota");
        problem(post(alice, "/api/v1/jobs/bobs/kill"), 403, "job bobs belongs to another user; killing it needs admin");
        assertThat(state("bobs")).isNotEqualTo(JobState.JOB_KILLED);

        HttpResponse<String> quota = alice.send(HttpRequest.newBuilder(URI.create(replica.httpUrl(true)
                + "/api/v1/quotas/alice/batch")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"cpuMillis\": 1, \"ramBytes\": 1}")).build(),
                HttpResponse.BodyHandlers.ofString());
        problem(quota, 403, "user:alice may not set quotas");

        assertThat(post(alice, "/api/v1/jobs/alices/kill").statusCode()).isEqualTo(200);
        assertThat(state("alices")).isEqualTo(JobState.JOB_KILLED);
    }

    @Test
    void aMachineCertificateReadsNothing() throws Exception {
        problem(get(as(Identity.machine("m1")), "/api/v1/cell"), 403, "machine:m1 may not read the cell");
    }

    @Test
    void anAdminsWriteFromAnotherSitesPageIsRefused() throws Exception {
        HttpClient admin = as(Identity.admin("root"));
        problem(post(admin, "/api/v1/machines/m1/drain", "Sec-Fetch-Site", "cross-site"), 403, "another site's page");
        problem(post(admin, "/api/v1/machines/m1/drain", "Origin", "https://evil.example"), 403,
                "Origin https://evil.example is not this replica");
        assertThat(m1()).isEqualTo(MachineState.UP);

        String self = replica.httpUrl(true);
        assertThat(post(admin, "/api/v1/machines/m1/drain", "Origin", self).statusCode()).isEqualTo(200);
        assertThat(post(admin, "/api/v1/machines/m1/undrain", "Sec-Fetch-Site", "same-origin").statusCode())
                .isEqualTo(200);
        assertThat(m1()).isEqualTo(MachineState.UP);
    }

    @Test
    void anotherCasCertificateAndPlaintextAreRefusedAtTheDoor() throws Exception {
        CellCa other = CellCa.loadOrCreate(dir.resolve("other-pki"));
        HttpClient stranger = HttpClient.newBuilder()
                .sslContext(MutualTls.httpsOnce(other.issue(Identity.admin("mallory"), List.of()))).build();
        assertThatThrownBy(() -> get(stranger, "/api/v1/jobs")).isInstanceOf(IOException.class);
        java.time.Instant monthAgo = java.time.Instant.now().minus(Duration.ofDays(30));
        HttpClient expired = HttpClient.newBuilder().sslContext(MutualTls.httpsOnce(ca.issue(Identity.admin("former"),
                List.of(), monthAgo, monthAgo.plus(Duration.ofDays(1))))).build();
        assertThatThrownBy(() -> get(expired, "/api/v1/jobs")).isInstanceOf(IOException.class);

        HttpResponse<String> plain = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(replica.httpUrl(false) + "/api/v1/jobs")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(plain.statusCode()).isEqualTo(400);
        assertThat(plain.body()).doesNotContain("bobs");
    }

    @Test
    void oversizedAndMalformedRequestsAreRefusedAndChangeNothing() throws Exception {
        HttpClient admin = as(Identity.admin("root"));
        HttpResponse<String> bigHeader = admin.send(HttpRequest.newBuilder(URI.create(replica.httpUrl(true)
                + "/api/v1/jobs")).header("X-Padding", "a".repeat(64 << 10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bigHeader.statusCode()).isEqualTo(400);

        HttpResponse<String> garbled = admin.send(HttpRequest.newBuilder(URI.create(replica.httpUrl(true)
                + "/api/v1/quotas/alice/batch")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"cpuMillis\": 1, \"ramBytes\": ")).build(),
                HttpResponse.BodyHandlers.ofString());
        problem(garbled, 400, "malformed JSON body");
        assertThat(get(admin, "/api/v1/quotas").body()).as("no quota was set").isEqualTo("[]");
        assertThat(get(admin, "/api/v1/jobs").statusCode()).isEqualTo(200);
    }

    @Test
    void aRenewedCertificateIsServedWithoutARestart() throws Exception {
        BigInteger before = servedSerial();
        TlsFiles renewed = ca.issue(Identity.replica(replica.id()), List.of("127.0.0.1"));
        BigInteger issued;
        try (var in = java.nio.file.Files.newInputStream(renewed.certificate())) {
            issued = ((X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(in)).getSerialNumber();
        }
        assertThat(issued).isNotEqualTo(before);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(servedSerial()).isEqualTo(issued));
    }

    private HttpResponse<String> withToken(String bearer, String path) throws Exception {
        return anonymous().send(HttpRequest.newBuilder(URI.create(replica.httpUrl(true) + path))
                .header("Authorization", "Bearer " + bearer).build(), HttpResponse.BodyHandlers.ofString());
    }

    private IssuedToken issue(String name, String role, long ttlSeconds) {
        return cell.tokens().issueToken(IssueTokenRequest.newBuilder().setName(name).setRole(role)
                .setTtlSeconds(ttlSeconds).build());
    }

    @Test
    void aBearerTokenTheCellIssuedNamesItsHolderUntilRevoked() throws Exception {
        IssuedToken alice = issue("alice", "user", 0);
        assertThat(alice.getToken().getSecretSha256().isEmpty()).as("the hash, in the answer").isTrue();
        assertThat(alice.getToken().getIssuedBy()).isEqualTo("admin:test-admin");
        // Issued through the leader; this replica knows it once it has applied the entry.
        await().atMost(Duration.ofSeconds(10)).until(() -> withToken(alice.getBearer(), "/api/v1/whoami").statusCode() == 200);
        JsonNode me = json.readTree(withToken(alice.getBearer(), "/api/v1/whoami").body());
        assertThat(me.get("caller").asString()).isEqualTo("user:alice");
        problem(anonymous().send(HttpRequest.newBuilder(URI.create(replica.httpUrl(true) + "/api/v1/jobs/bobs/kill"))
                .header("Authorization", "Bearer " + alice.getBearer()).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()), 403, "job bobs belongs to another user");

        assertThat(cell.tokens().listTokens(ListTokensRequest.getDefaultInstance()).getTokensList())
                .extracting(AccessToken::getId).contains(alice.getToken().getId());
        cell.tokens().revokeToken(RevokeTokenRequest.newBuilder().setId(alice.getToken().getId()).build());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> problem(withToken(alice.getBearer(), "/api/v1/jobs"),
                401, "bearer token " + alice.getToken().getId() + " is not known to the cell"));
    }

    @Test
    void aWrongExpiredOrForgedTokenIsRefused() throws Exception {
        problem(withToken("hunter2", "/api/v1/jobs"), 401, "not one of the cell's");
        IssuedToken viewer = issue("grafana", "viewer", 0);
        String forged = viewer.getBearer().substring(0, viewer.getBearer().length() - 4) + "AAAA";
        await().atMost(Duration.ofSeconds(10)).until(() -> withToken(viewer.getBearer(), "/api/v1/jobs").statusCode() == 200);
        problem(withToken(forged, "/api/v1/jobs"), 401, "is not known to the cell");

        IssuedToken brief = issue("brief", "viewer", 1);
        Thread.sleep(1_500);
        problem(withToken(brief.getBearer(), "/api/v1/jobs"), 401, "expired at");
        assertThat(get(as(new Identity(borgcell.trust.Role.VIEWER, "grafana")), "/actuator/prometheus").body())
                .as("refused tokens, counted").containsPattern("borg_access_denied_total\\{action=\"authenticate\"[^}]*} [1-9]");
    }

    @Test
    void onlyAnAdminIssuesTokensAndOnlyForPeopleAndPrograms() {
        var asAlice = borgcell.api.v1.TokenServiceGrpc.newBlockingStub(io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder
                .forTarget(replica.grpcAddress(), MutualTls.clientOnce(ca.issue(Identity.user("alice"), List.of())))
                .build());
        assertThatThrownBy(() -> asAlice.issueToken(IssueTokenRequest.newBuilder().setName("alice").setRole("admin")
                .build())).hasMessageContaining("PERMISSION_DENIED: user:alice may not issue and revoke access tokens");
        assertThatThrownBy(() -> issue("m1", "machine", 0))
                .hasMessageContaining("INVALID_ARGUMENT: role: must be one of viewer, user, admin (got \"machine\")");
        assertThatThrownBy(() -> issue("../x", "user", 0)).hasMessageContaining("INVALID_ARGUMENT: identity name");
        assertThatThrownBy(() -> issue("x", "user", -1)).hasMessageContaining("INVALID_ARGUMENT: ttl_seconds");
    }

    /** The serial of the certificate the replica serves now, over a new connection and a new session. */
    private BigInteger servedSerial() throws Exception {
        HttpResponse<String> r = get(as(Identity.admin("root")), "/actuator/health");
        X509Certificate served = (X509Certificate) r.sslSession().orElseThrow().getPeerCertificates()[0];
        return served.getSerialNumber();
    }
}
