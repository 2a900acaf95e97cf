package borgcell.master.raft;

import static borgcell.cell.Fixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import borgcell.api.v1.JobServiceGrpc;
import borgcell.api.v1.ListJobsRequest;
import borgcell.api.v1.SubmitJobRequest;
import borgcell.api.v1.SubmitJobResponse;
import borgcell.cell.SnapshotEncoding;
import borgcell.master.Replica;
import borgcell.master.TestCluster;
import com.google.common.util.concurrent.ListenableFuture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many writers at once through a follower: group commit shares entries and keeps every guarantee. */
class ConcurrentWritesTest {
    private static final int WRITERS = 64;
    private static final int RETRIES = 16;

    @TempDir
    Path dir;

    @Test
    void concurrentSubmitsShareLogEntriesAndEachIsAnsweredAppliedOnceAndReplicated() throws Exception {
        try (TestCluster cluster = new TestCluster(3, dir, TestCluster.fastSettings()).startAll()) {
            Replica leader = cluster.awaitLeader();
            Replica follower = cluster.running().stream().filter(r -> r != leader).findFirst().orElseThrow();
            var jobs = JobServiceGrpc.newFutureStub(cluster.channel(follower.id()));
            long entriesBefore = leader.raft().commitIndex();

            List<ListenableFuture<SubmitJobResponse>> answers = new ArrayList<>();
            for (int i = 0; i < WRITERS + RETRIES; i++) {
                int n = i % WRITERS; // the last RETRIES repeat an earlier request id: a client's retry
                answers.add(jobs.withDeadlineAfter(30, TimeUnit.SECONDS).submitJob(SubmitJobRequest.newBuilder()
                        .setRequestId("req-" + n).setSpec(spec("job-" + n, 1)).build()));
            }
            List<SubmitJobResponse> responses = new ArrayList<>();
            for (var a : answers) {
                responses.add(a.get(30, TimeUnit.SECONDS));
            }

            for (int i = 0; i < responses.size(); i++) {
                assertThat(responses.get(i).getJob().getSpec().getName()).isEqualTo("job-" + (i % WRITERS));
            }
            assertThat(responses.stream().filter(SubmitJobResponse::getDuplicate).count())
                    .as("each retry answered as a duplicate of its first").isEqualTo(RETRIES);
            assertThat(cluster.jobs(follower.id()).listJobs(ListJobsRequest.getDefaultInstance()).getJobsCount())
                    .isEqualTo(WRITERS);
            long entries = leader.raft().commitIndex() - entriesBefore;
            assertThat(entries).as("%d commands in %d log entries", WRITERS + RETRIES, entries)
                    .isLessThanOrEqualTo((WRITERS + RETRIES) / 2);

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                List<byte[]> states = new ArrayList<>();
                for (Replica r : cluster.running()) {
                    states.add(stateBytes(r));
                }
                assertThat(states).allSatisfy(s -> assertThat(s).isEqualTo(states.get(0)));
            });
        }
    }

    private static byte[] stateBytes(Replica r) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SnapshotEncoding.writeCanonical(r.raft().stateMachine().read(c -> c.toSnapshot(0, 0)), out);
        return out.toByteArray();
    }
}
