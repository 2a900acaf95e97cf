package borgcell.master.api;

import static borgcell.cell.Fixtures.GI;
import static borgcell.cell.Fixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import borgcell.api.v1.CellServiceGrpc;
import borgcell.api.v1.GetTaskLogsRequest;
import borgcell.api.v1.HeartbeatRequest;
import borgcell.api.v1.Job;
import borgcell.api.v1.JobPlan;
import borgcell.api.v1.JobServiceGrpc;
import borgcell.api.v1.JobSpec;
import borgcell.api.v1.JobState;
import borgcell.api.v1.KillJobRequest;
import borgcell.api.v1.ListJobsRequest;
import borgcell.api.v1.ListQuotasRequest;
import borgcell.api.v1.MachineLinkGrpc;
import borgcell.api.v1.MachineRequest;
import borgcell.api.v1.PlanJobRequest;
import borgcell.api.v1.Quota;
import borgcell.api.v1.RegisterRequest;
import borgcell.api.v1.Resources;
import borgcell.api.v1.SubmitJobRequest;
import borgcell.api.v1.raft.CellSnapshot;
import borgcell.master.TestCluster;
import borgcell.trust.Identity;
import borgcell.trust.Role;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.micrometer.core.instrument.Counter;
import java.nio.file.Path;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Roles against a three-replica group over mutual TLS, each caller with its own certificate of
 * the cell: what each may do, what it is refused (naming what was missing), and that a refusal
 * changes nothing and leaves every other caller served. Plans are asked of a follower, which
 * forwards them to the leader for its caller.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessCellTest {
    private TestCluster cluster;
    private String follower;

    @BeforeAll
    void start(@TempDir Path dir) {
        cluster = new TestCluster(3, dir.resolve("cell"), TestCluster.fastSettings()).withTls().startAll();
        follower = cluster.followerOf(cluster.awaitLeader().id());
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    /** A channel to a follower presenting {@code who}'s certificate of the cell. */
    private ManagedChannel as(Identity who) {
        return cluster.channelAs(who, follower);
    }

    private static JobServiceGrpc.JobServiceBlockingStub jobs(ManagedChannel channel) {
        return JobServiceGrpc.newBlockingStub(channel).withDeadlineAfter(Duration.ofSeconds(20));
    }

    private static CellServiceGrpc.CellServiceBlockingStub cell(ManagedChannel channel) {
        return CellServiceGrpc.newBlockingStub(channel).withDeadlineAfter(Duration.ofSeconds(20));
    }

    private static JobSpec owned(String name, String user) {
        return spec(name, 1).toBuilder().setUser(user).build();
    }

    private CellSnapshot state() {
        // Jobs and quotas: what a refused write would have touched (machines move with liveness).
        return cluster.awaitLeader().raft().stateMachine().read(c -> c.toSnapshot(1, 1)).toBuilder()
                .clearMachines().build();
    }

    private double denials(String action) {
        return cluster.running().stream().mapToDouble(r -> {
            Counter c = r.registry().find("borg.access.denied").tag("action", action).counter();
            return c == null ? 0 : c.count();
        }).sum();
    }

    private static void assertDenied(ThrowingCallable call, Status.Code code, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).isEqualTo(message);
        });
    }

    @Test
    void usersRunAndKillTheirOwnJobsOnlyAndARefusalChangesNothing() {
        ManagedChannel alice = as(Identity.user("alice"));
        ManagedChannel bob = as(Identity.user("bob"));
        jobs(alice).submitJob(SubmitJobRequest.newBuilder().setSpec(owned("alices-web", "alice")).build());
        CellSnapshot before = state();
        double killDenials = denials("kill_job");

        assertDenied(() -> jobs(bob).submitJob(SubmitJobRequest.newBuilder().setSpec(owned("in-alices-name", "alice")).build()),
                Status.Code.PERMISSION_DENIED,
                "user:bob may not submit job in-alices-name (alice's): only an admin acts for another user");
        assertDenied(() -> jobs(bob).killJob(KillJobRequest.newBuilder().setName("alices-web").build()),
                Status.Code.PERMISSION_DENIED, "job alices-web belongs to another user; killing it needs admin");
        assertDenied(() -> jobs(bob).getTaskLogs(GetTaskLogsRequest.newBuilder().setJob("alices-web").build()).hasNext(),
                Status.Code.PERMISSION_DENIED,
                "user:bob may not read the logs of job alices-web (alice's): only an admin acts for another user");

        assertThat(state()).as("the cell's state is as before").isEqualTo(before);
        assertThat(denials("kill_job")).as("counted by action").isEqualTo(killDenials + 1);
        assertThat(jobs(bob).listJobs(ListJobsRequest.getDefaultInstance()).getJobsList())
                .as("a user reads the cell").extracting(j -> j.getSpec().getName()).contains("alices-web");
        Job killed = jobs(alice).killJob(KillJobRequest.newBuilder().setName("alices-web").build()).getJob();
        assertThat(killed.getState()).as("its owner may").isEqualTo(JobState.JOB_KILLED);
        assertThat(killed.getTasks(0).getMessage()).isEqualTo("killed by user:alice");
    }

    @Test
    void quotasDrainsAndOtherUsersJobsAreForAdminsAlone() {
        ManagedChannel alice = as(Identity.user("alice"));
        ManagedChannel ops = as(Identity.admin("ops"));
        Quota quota = Quota.newBuilder().setUser("alice").setBand("batch").setCpuMillis(100_000).setRamBytes(100 * GI).build();
        CellSnapshot before = state();

        assertDenied(() -> cell(alice).setQuota(quota), Status.Code.PERMISSION_DENIED,
                "user:alice may not set quotas: that needs the admin role");
        assertDenied(() -> cell(alice).drainMachine(MachineRequest.newBuilder().setMachineId("m1").build()),
                Status.Code.PERMISSION_DENIED, "user:alice may not drain or undrain machines: that needs the admin role");
        assertThat(state()).isEqualTo(before);

        cell(ops).setQuota(quota);
        assertThat(cell(alice).listQuotas(ListQuotasRequest.getDefaultInstance()).getQuotasList())
                .extracting(borgcell.api.v1.QuotaUsage::getQuota).contains(quota);
        jobs(ops).submitJob(SubmitJobRequest.newBuilder().setSpec(owned("for-carol", "carol")).build());
        assertThat(jobs(ops).killJob(KillJobRequest.newBuilder().setName("for-carol").build()).getJob().getState())
                .as("an admin acts for any user").isEqualTo(JobState.JOB_KILLED);
    }

    @Test
    void aViewerReadsAndChangesNothing() {
        ManagedChannel grafana = as(new Identity(Role.VIEWER, "grafana"));

        assertThat(cell(grafana).listMachines(borgcell.api.v1.ListMachinesRequest.getDefaultInstance())).isNotNull();
        assertDenied(() -> jobs(grafana).submitJob(SubmitJobRequest.newBuilder().setSpec(owned("dash", "grafana")).build()),
                Status.Code.PERMISSION_DENIED, "viewer:grafana may not submit jobs: that needs the admin or user role");
        assertDenied(() -> jobs(grafana).getTaskLogs(GetTaskLogsRequest.newBuilder().setJob("x").build()).hasNext(),
                Status.Code.PERMISSION_DENIED, "viewer:grafana may not read task logs: that needs the admin or user role");
    }

    @Test
    void aMachineCertificateLinksAsItsOwnMachineAndNothingElse() {
        ManagedChannel m1 = as(Identity.machine("m1"));
        MachineLinkGrpc.MachineLinkBlockingStub link = MachineLinkGrpc.newBlockingStub(m1).withDeadlineAfter(Duration.ofSeconds(20));
        RegisterRequest.Builder register = RegisterRequest.newBuilder().setAddress("127.0.0.1").addRuntimes("process")
                .setCapacity(Resources.newBuilder().setCpuMillis(1000).setRamBytes(GI).setDiskBytes(GI));

        assertDenied(() -> link.register(register.setMachineId("m2").build()), Status.Code.PERMISSION_DENIED,
                "machine:m1 may not link as machine m2 (m2's): only an admin acts for another machine");
        assertDenied(() -> link.heartbeat(HeartbeatRequest.newBuilder().setMachineId("m2").build()),
                Status.Code.PERMISSION_DENIED,
                "machine:m1 may not link as machine m2 (m2's): only an admin acts for another machine");
        assertDenied(() -> jobs(m1).listJobs(ListJobsRequest.getDefaultInstance()), Status.Code.PERMISSION_DENIED,
                "machine:m1 may not read the cell: that needs the replica or admin or user or viewer role");
        assertThat(link.register(register.setMachineId("m1").build()).getMachine().getId()).isEqualTo("m1");
    }

    private static PlanJobRequest planOf(String name, String user) {
        return PlanJobRequest.newBuilder().setSpec(spec(name, 2).toBuilder().setUser(user)).build();
    }

    @Test
    void whoeverMaySubmitASpecMayPlanItThroughAnyReplica() {
        JobPlan own = jobs(as(Identity.user("alice"))).planJob(planOf("planned", "alice"));
        assertThat(own.getCreates()).isTrue();
        assertThat(own.getRefusedList()).isEmpty();
        assertThat(own.getPlacementsCount() + own.getPendingCount()).isEqualTo(2);

        assertDenied(() -> jobs(as(Identity.user("bob"))).planJob(planOf("planned", "alice")), Status.Code.PERMISSION_DENIED,
                "user:bob may not submit job planned (alice's): only an admin acts for another user");
        assertDenied(() -> jobs(as(new Identity(Role.VIEWER, "grafana"))).planJob(planOf("planned", "alice")),
                Status.Code.PERMISSION_DENIED, "viewer:grafana may not submit jobs: that needs the admin or user role");
        assertThat(jobs(as(Identity.admin("ops"))).planJob(planOf("planned", "alice")).getRefusedList())
                .as("an admin acts for anyone").isEmpty();
    }

    @Test
    void theLeaderJudgesAPlanForTheCallerTheFollowerNamed() {
        var alice = jobs(as(Identity.user("alice")));
        alice.submitJob(SubmitJobRequest.newBuilder().setSpec(owned("taken", "alice")).build());
        alice.killJob(KillJobRequest.newBuilder().setName("taken").build());

        assertThat(jobs(as(Identity.user("bob"))).planJob(planOf("taken", "bob")).getRefusedList())
                .containsExactly("job taken belongs to another user; reusing its name needs admin");
        assertThat(alice.planJob(planOf("taken", "alice")).getRefusedList()).as("its owner may").isEmpty();
    }

    @Test
    void aCallerClaimingItsPlanWasForwardedIsCheckedAsItself() {
        Metadata claim = new Metadata();
        claim.put(Metadata.Key.of("borg-forwarded-owner", Metadata.ASCII_STRING_MARSHALLER), "*");
        var bob = jobs(as(Identity.user("bob"))).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(claim));

        assertDenied(() -> bob.planJob(planOf("planned", "alice")), Status.Code.PERMISSION_DENIED,
                "user:bob may not submit job planned (alice's): only an admin acts for another user");
    }
}
