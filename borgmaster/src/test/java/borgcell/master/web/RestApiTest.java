package borgcell.master.web;

import static borgcell.cell.Fixtures.GI;
import static borgcell.cell.Fixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import borgcell.api.v1.KillJobRequest;
import borgcell.api.v1.RegisterRequest;
import borgcell.api.v1.Resources;
import borgcell.api.v1.SubmitJobRequest;
import borgcell.master.raft.PeerAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The REST admin API and the metrics of three real BorgMaster apps (Spring, Raft, HTTP). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestApiTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private ReplicaApps cell;
    private List<PeerAddress> peers;

    @BeforeAll
    void start(@TempDir Path dir) {
        cell = new ReplicaApps(dir);
        peers = cell.peers();
        cell.machines().register(RegisterRequest.newBuilder().setMachineId("m1")
                .setCapacity(Resources.newBuilder().setCpuMillis(1000).setRamBytes(GI).setDiskBytes(GI))
                .addRuntimes("process").putAttributes("rack", "r1").build());
        var jobs = cell.jobs();
        jobs.submitJob(SubmitJobRequest.newBuilder().setSpec(spec("small", 1)).build());
        var big = spec("toobig", 2).toBuilder();
        big.getTaskBuilder().getResourcesBuilder().setRamBytes(8 * GI);
        jobs.submitJob(SubmitJobRequest.newBuilder().setSpec(big).build());
    }

    @AfterAll
    void stop() {
        if (cell != null) {
            cell.close();
        }
    }

    private String leader() {
        return cell.leader();
    }

    private PeerAddress follower() {
        return cell.follower();
    }

    private HttpResponse<String> get(PeerAddress p, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(p.httpUrl(false) + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(PeerAddress p, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(p.httpUrl(false) + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    private JsonNode problem(HttpResponse<String> r, int status, String detailPart) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/problem+json"));
        JsonNode p = json.readTree(r.body());
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("detail").asString()).contains(detailPart);
        return p;
    }

    @Test
    void theCellSummaryNamesTheLeaderTheReplicasAndTheCounts() throws Exception {
        JsonNode cell = ok(get(follower(), "/api/v1/cell"));

        assertThat(cell.get("leader").asString()).isEqualTo(leader());
        assertThat(cell.get("replicas")).hasSize(3);
        List<String> roles = new ArrayList<>();
        cell.get("replicas").forEach(r -> roles.add(r.get("role").asString()));
        assertThat(roles).containsExactlyInAnyOrder("leader", "follower", "follower");
        assertThat(cell.get("machines").get("up").asInt()).isEqualTo(1);
        assertThat(cell.get("jobs").asInt()).isEqualTo(2);
        assertThat(cell.get("tasks").get("pending").get("batch").asInt()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void jobsCanBeListedFilteredAndExplained() throws Exception {
        JsonNode all = ok(get(follower(), "/api/v1/jobs"));
        assertThat(all).hasSize(2);
        JsonNode batch = ok(get(follower(), "/api/v1/jobs?band=batch&user=alice"));
        assertThat(batch).hasSize(2);
        assertThat(ok(get(follower(), "/api/v1/jobs?band=production"))).isEmpty();

        JsonNode job = ok(get(follower(), "/api/v1/jobs/toobig"));
        assertThat(job.get("tasks")).hasSize(2);
        JsonNode why = ok(get(follower(), "/api/v1/jobs/toobig/why"));
        assertThat(why.get("pending").asInt()).isEqualTo(2);
        assertThat(why.get("tasks").get(0).get("reason").asString()).startsWith("0/1 machines fit: 1 insufficient ram");
        JsonNode task = ok(get(follower(), "/api/v1/jobs/toobig/tasks/1"));
        assertThat(task.get("state").asString()).isEqualTo("pending");
    }

    @Test
    void drainingAMachineThroughAFollowerReachesTheLeader() throws Exception {
        JsonNode drained = ok(post(follower(), "/api/v1/machines/m1/drain", ""));
        assertThat(drained.get("state").asString()).isEqualTo("draining");
        assertThat(ok(get(peers.get(0), "/api/v1/machines?state=draining"))).hasSize(1);

        JsonNode up = ok(post(follower(), "/api/v1/machines/m1/undrain", ""));
        assertThat(up.get("state").asString()).isEqualTo("up");
    }

    @Test
    void raftStateSnapshotsAndLeadershipTransfer() throws Exception {
        PeerAddress f = follower();
        JsonNode raft = ok(get(f, "/api/v1/raft"));
        assertThat(raft.get("role").asString()).isEqualTo("follower");
        assertThat(raft.get("appliedIndex").asLong()).isPositive();

        JsonNode snap = ok(post(f, "/api/v1/raft/snapshot", ""));
        assertThat(snap.get("index").asLong()).isPositive();

        ok(post(f, "/api/v1/raft/leader", "{\"replica\": \"" + f.id() + "\"}"));
        await().atMost(Duration.ofSeconds(20)).until(() -> f.id().equals(leader()));
    }

    @Test
    void quotasCanBeSetAndListedWithTheirUsage() throws Exception {
        HttpResponse<String> set = http.send(HttpRequest.newBuilder(URI.create(follower().httpUrl(false)
                + "/api/v1/quotas/carol/batch")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"cpuMillis\": 2000, \"ramBytes\": 1073741824}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        JsonNode list = ok(get(peers.get(0), "/api/v1/quotas"));
        assertThat(list).anySatisfy(q -> {
            assertThat(q.get("user").asString()).isEqualTo("carol");
            assertThat(q.get("cpuMillis").asLong()).isEqualTo(2000);
        });
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(follower().httpUrl(false)
                + "/api/v1/quotas/carol/gold")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"cpuMillis\": 1, \"ramBytes\": 1}")).build(),
                HttpResponse.BodyHandlers.ofString());
        problem(bad, 400, "band: must be one of");
    }

    @Test
    void badInputGetsAProblemAndChangesNothing() throws Exception {
        PeerAddress p = follower();
        problem(get(p, "/api/v1/jobs/nosuch"), 404, "job \"nosuch\" not found");
        problem(get(p, "/api/v1/jobs/toobig/tasks/7"), 404, "has no task 7");
        problem(get(p, "/api/v1/jobs/Bad_Name"), 400, "is not a valid job name");
        problem(get(p, "/api/v1/jobs?state=sleeping"), 400, "state: must be one of");
        problem(get(p, "/api/v1/jobs?user=" + "u".repeat(5000)), 400, "user: must be 1-64 characters");
        problem(get(p, "/api/v1/machines/ghost"), 404, "machine \"ghost\" not found");
        problem(post(p, "/api/v1/machines/ghost/drain", ""), 404, "machine \"ghost\" not found");
        problem(get(p, "/api/v1/machines?state=" + "x".repeat(3000)), 400, "state: must be one of");
        problem(post(p, "/api/v1/raft/leader", "{\"replica\": \"r9\"}"), 404, "replica \"r9\" is not a member");
        problem(post(p, "/api/v1/raft/leader", "{\"replica\": "), 400, "malformed JSON body");
        problem(post(p, "/api/v1/raft/leader", "{}"), 400, "replica: required");
        problem(post(p, "/api/v1/jobs/nosuch/kill", ""), 404, "job \"nosuch\" not found");
        // nothing above changed the cell
        assertThat(ok(get(p, "/api/v1/jobs"))).hasSize(2);
        assertThat(ok(get(p, "/api/v1/machines/m1")).get("state").asString()).isIn("up", "draining");
    }

    @Test
    void everyReplicaServesTheCellsMetrics() throws Exception {
        for (PeerAddress p : peers) {
            HttpResponse<String> r = get(p, "/actuator/prometheus");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("borg_tasks{band=\"batch\",state=\"pending\"}", "borg_machines{state=\"up\"}",
                    "borg_raft_term ", "borg_raft_commit_index ", "borg_raft_applied_index ", "borg_raft_apply_lag ",
                    "borg_raft_leader ", "borg_scheduler_schedule_attempts_total{result=\"placed\"}",
                    "borg_scheduler_attempt_duration_seconds_bucket", "borg_scheduler_pending_tasks{band=\"batch\"}",
                    "borg_scheduler_preemptions_total", "borg_submit_duration_seconds_bucket",
                    "borg_raft_snapshot_duration_seconds", "borg_raft_commit_duration_seconds_bucket",
                    "borg_submit_rejected_total{reason=\"resource_exhausted\"}",
                    "jvm_memory_used_bytes");
        }
        // Commit latency is timed where a write's entry arrives, the leader; followers apply
        // entries that arrived elsewhere and time none. (Another test hands leadership over, so
        // the counts are compared across one more write rather than read as they stand.)
        Map<String, Double> before = commitCounts();
        // A kill of no job: an entry like any write, applied as a refusal, and nothing changes.
        assertThatThrownBy(() -> cell.jobs().killJob(KillJobRequest.newBuilder().setName("no-such-job").build()))
                .hasMessageContaining("NOT_FOUND");
        String leader = leader();
        Map<String, Double> after = commitCounts();
        for (PeerAddress p : peers) {
            if (p.id().equals(leader)) {
                assertThat(after.get(p.id())).as("writes committed by leader " + p.id()).isGreaterThan(before.get(p.id()));
            } else {
                assertThat(after.get(p.id())).as("writes timed by follower " + p.id()).isEqualTo(before.get(p.id()));
            }
        }
        // Gauges read live objects; one that lost its object reads NaN (Micrometer holds them weakly).
        for (PeerAddress p : peers) {
            assertThat(get(p, "/actuator/prometheus").body().lines().filter(l -> l.startsWith("borg_")))
                    .noneMatch(l -> l.endsWith(" NaN"));
        }
        // Other tests drain m1 for a moment (its task waits, then is placed again): wait for the
        // steady state, in which only toobig's two tasks are pending.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String leaderMetrics = get(peers.stream().filter(p -> p.id().equals(leader())).findFirst()
                    .orElseThrow(), "/actuator/prometheus").body();
            assertThat(leaderMetrics).contains("borg_machine_heartbeat_age_seconds{machine=\"m1\"}",
                    "borg_scheduler_pending_tasks{band=\"batch\"} 2.0");
        });
    }

    private Map<String, Double> commitCounts() throws Exception {
        Map<String, Double> counts = new HashMap<>();
        for (PeerAddress p : peers) {
            counts.put(p.id(), sample(get(p, "/actuator/prometheus").body(), "borg_raft_commit_duration_seconds_count"));
        }
        return counts;
    }

    /** The value of an unlabelled sample in Prometheus' text format. */
    private static double sample(String exposition, String name) {
        return exposition.lines().filter(l -> l.startsWith(name + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(name.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError(name + " is not exposed"));
    }
}
