package borgcell.master.api;

import static borgcell.cell.Fixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import borgcell.api.v1.JobPlan;
import borgcell.api.v1.JobServiceGrpc;
import borgcell.api.v1.JobSpec;
import borgcell.api.v1.KillJobRequest;
import borgcell.api.v1.PlanJobRequest;
import borgcell.api.v1.SubmitJobRequest;
import borgcell.master.TestCluster;
import borgcell.trust.Identity;
import borgcell.trust.MutualTls;
import borgcell.trust.Role;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may plan, on a cell of mutual TLS, asking a follower (which forwards to the leader):
 * whoever may submit the spec, and the leader judges the spec for the caller the follower
 * named, never for the follower, nor for whoever claims to be forwarded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlanAccessTest {
    private TestCluster cluster;
    private String follower;
    private final List<MutualTls> credentials = new ArrayList<>();
    private final List<ManagedChannel> channels = new ArrayList<>();

    @BeforeAll
    void start(@TempDir Path dir) {
        cluster = new TestCluster(3, dir.resolve("cell"), TestCluster.fastSettings()).withTls().startAll();
        follower = cluster.followerOf(cluster.awaitLeader().id());
    }

    @AfterAll
    void stop() {
        channels.forEach(ManagedChannel::shutdownNow);
        credentials.forEach(MutualTls::close);
        cluster.close();
    }

    private JobServiceGrpc.JobServiceBlockingStub as(Identity who) {
        MutualTls tls = MutualTls.of(cluster.ca().issue(who, List.of()), Duration.ofSeconds(30));
        credentials.add(tls);
        String address = cluster.peers().stream().filter(p -> p.id().equals(follower)).findFirst().orElseThrow().grpcAddress();
        ManagedChannel channel = NettyChannelBuilder.forTarget(address, tls.client()).build();
        channels.add(channel);
        return JobServiceGrpc.newBlockingStub(channel).withDeadlineAfter(Duration.ofSeconds(20));
    }

    private static PlanJobRequest planOf(String name, String user) {
        return PlanJobRequest.newBuilder().setSpec(spec(name, 2).toBuilder().setUser(user)).build();
    }

    private static void assertDenied(Runnable call, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
            assertThat(e.getStatus().getDescription()).isEqualTo(message);
        });
    }

    @Test
    void aUserPlansTheirOwnJobsOnlyThroughAnyReplica() {
        JobPlan own = as(Identity.user("alice")).planJob(planOf("web", "alice"));
        assertThat(own.getCreates()).isTrue();
        assertThat(own.getPendingList()).hasSize(2).allSatisfy(p -> assertThat(p.getReason())
                .isEqualTo("0/0 machines fit: no machines registered"));

        assertDenied(() -> as(Identity.user("bob")).planJob(planOf("web", "alice")),
                "user:bob may not submit job web (alice's): only an admin acts for another user");
        assertDenied(() -> as(new Identity(Role.VIEWER, "grafana")).planJob(planOf("web", "alice")),
                "viewer:grafana may not submit jobs: that needs the admin or user role");
        assertThat(as(Identity.admin("ops")).planJob(planOf("web", "alice")).getRefusedList()).as("an admin acts for anyone")
                .isEmpty();
    }

    @Test
    void theLeaderJudgesTheCallerTheFollowerNamed() {
        var alice = as(Identity.user("alice"));
        alice.submitJob(SubmitJobRequest.newBuilder().setSpec(spec("taken", 1).toBuilder().setUser("alice")).build());
        alice.killJob(KillJobRequest.newBuilder().setName("taken").build());

        assertThat(as(Identity.user("bob")).planJob(planOf("taken", "bob")).getRefusedList())
                .containsExactly("job taken belongs to another user; reusing its name needs admin");
        assertThat(alice.planJob(planOf("taken", "alice")).getRefusedList()).as("its owner may").isEmpty();
    }

    @Test
    void aCallerClaimingToBeForwardedIsCheckedAsItself() {
        Metadata claim = new Metadata();
        claim.put(Metadata.Key.of("borg-forwarded-owner", Metadata.ASCII_STRING_MARSHALLER), "*");
        var bob = as(Identity.user("bob")).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(claim));

        assertDenied(() -> bob.planJob(planOf("web", "alice")),
                "user:bob may not submit job web (alice's): only an admin acts for another user");
    }
}
