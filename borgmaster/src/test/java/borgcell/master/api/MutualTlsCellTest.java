package borgcell.master.api;

import static borgcell.cell.Fixtures.GI;
import static borgcell.cell.Fixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import borgcell.api.v1.GetCellRequest;
import borgcell.api.v1.GetJobRequest;
import borgcell.api.v1.HeartbeatRequest;
import borgcell.api.v1.JobServiceGrpc;
import borgcell.api.v1.ListMachinesRequest;
import borgcell.api.v1.Machine;
import borgcell.api.v1.RegisterRequest;
import borgcell.api.v1.Resources;
import borgcell.api.v1.SubmitJobRequest;
import borgcell.api.v1.TaskReport;
import borgcell.api.v1.TaskState;
import borgcell.api.v1.TaskUsage;
import borgcell.api.v1.TaskUsageReport;
import borgcell.borglet.Borglet;
import borgcell.borglet.BorgletConfig;
import borgcell.borglet.task.ScriptedRuntime;
import borgcell.master.TestCluster;
import borgcell.trust.CellCa;
import borgcell.trust.Identity;
import borgcell.trust.MutualTls;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A three-replica group whose gRPC takes mutual TLS only: the cell's certificates get in,
 * and replicas call each other with theirs (a follower's GetJob asks the leader for usage).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MutualTlsCellTest {
    private Path dir;
    private TestCluster cluster;
    private String leader;
    private String follower;

    @BeforeAll
    void start(@TempDir Path dir) {
        this.dir = dir;
        cluster = new TestCluster(3, dir.resolve("cell"), TestCluster.fastSettings()).withTls().startAll();
        leader = cluster.awaitLeader().id();
        follower = cluster.followerOf(leader);
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    @Test
    void theCellsCertificatesGetInAndReplicasCallEachOtherWithTheirs() {
        cluster.link(leader).register(RegisterRequest.newBuilder().setMachineId("m1").setAddress("127.0.0.1")
                .setCapacity(Resources.newBuilder().setCpuMillis(4000).setRamBytes(4 * GI).setDiskBytes(10 * GI))
                .addRuntimes("process").build());
        cluster.jobs(follower).submitJob(SubmitJobRequest.newBuilder().setSpec(spec("secure", 1)).build());
        var placed = await().atMost(Duration.ofSeconds(15)).until(() -> cluster.jobs(follower)
                .getJob(GetJobRequest.newBuilder().setName("secure").build()).getTasks(0), t -> t.getState() == TaskState.ASSIGNED);
        cluster.link(leader).heartbeat(HeartbeatRequest.newBuilder().setMachineId("m1")
                .addTasks(TaskReport.newBuilder().setJob("secure").setIndex(0).setAttempt(placed.getAttempt()).setState(TaskState.RUNNING))
                .addUsage(TaskUsageReport.newBuilder().setJob("secure").setIndex(0).setAttempt(placed.getAttempt())
                        .setUsage(TaskUsage.newBuilder().setCpuMillicores(123)))
                .setUsageComplete(true).build());

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(cluster.jobs(follower)
                .getJob(GetJobRequest.newBuilder().setName("secure").build()).getTasks(0).getUsage().getCpuMillicores())
                .as("the follower asked the leader over mutual TLS").isEqualTo(123));
    }

    @Test
    void plaintextExpiredAndAnotherCellsCertificatesAreTurnedAway() {
        assertRefused(InsecureChannelCredentials.create());
        CellCa other = CellCa.loadOrCreate(dir.resolve("other-pki"));
        try (MutualTls stranger = MutualTls.of(other.issue(Identity.admin("mallory"), List.of()), Duration.ofSeconds(30))) {
            assertRefused(stranger.client());
        }
        Instant monthAgo = Instant.now().minus(Duration.ofDays(30));
        try (MutualTls expired = MutualTls.of(cluster.ca().issue(Identity.admin("former"), List.of(), monthAgo,
                monthAgo.plus(Duration.ofDays(1))), Duration.ofSeconds(30))) {
            assertRefused(expired.client());
        }
        assertThat(cluster.cell(follower).getCell(GetCellRequest.getDefaultInstance()).getLeaderId())
                .as("the cell's own clients are unaffected").isEqualTo(leader);
    }

    @Test
    void aBorgletWithItsMachineCertificateRegistersAndHeartbeatsAndOneWithoutCannot() throws Exception {
        List<String> masters = cluster.peers().stream().map(p -> p.grpcAddress()).toList();
        try (MutualTls machine = MutualTls.of(cluster.ca().issue(Identity.machine("tls-m"), List.of()), Duration.ofSeconds(30));
             Borglet trusted = borglet("tls-m", masters, machine.client());
             Borglet plaintext = borglet("plain-m", masters, InsecureChannelCredentials.create())) {
            await().atMost(Duration.ofSeconds(20)).until(trusted::isRegistered);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(cluster.cell(leader)
                    .listMachines(ListMachinesRequest.getDefaultInstance()).getMachinesList())
                    .extracting(Machine::getId).contains("tls-m"));
            assertThat(plaintext.isRegistered()).as("a Borglet without a certificate never gets in").isFalse();
        }
    }

    @Test
    void anOversizedOrGarbledRequestIsRefusedAndTheCellCarriesOn() throws Exception {
        var huge = spec("huge", 1).toBuilder();
        huge.getTaskBuilder().addArgv("x".repeat(5 << 20));
        assertThatThrownBy(() -> cluster.jobs(follower).submitJob(SubmitJobRequest.newBuilder().setSpec(huge).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));

        // Through the handshake with a good certificate, then bytes that are no HTTP/2 at all.
        String address = cluster.peers().stream().filter(p -> p.id().equals(follower)).findFirst().orElseThrow().grpcAddress();
        int colon = address.lastIndexOf(':');
        try (MutualTls admin = MutualTls.of(cluster.ca().issue(Identity.admin("fuzzer"), List.of()), null);
             javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) admin.https().getSocketFactory()
                     .createSocket(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)))) {
            socket.setSoTimeout(5_000);
            socket.setEnabledProtocols(new String[] {"TLSv1.3"});
            javax.net.ssl.SSLParameters alpn = socket.getSSLParameters();
            alpn.setApplicationProtocols(new String[] {"h2"});
            socket.setSSLParameters(alpn);
            socket.startHandshake();
            byte[] garbage = new byte[64 << 10];
            new java.util.Random(7).nextBytes(garbage);
            try {
                socket.getOutputStream().write(garbage);
                socket.getOutputStream().flush();
                byte[] answer = socket.getInputStream().readNBytes(1 << 16);
                assertThat(answer.length).as("whatever the server said before it closed").isLessThan(1 << 16);
            } catch (java.io.IOException closed) {
                // Closed while we wrote or read: refused.
            }
        }

        assertThat(cluster.cell(follower).getCell(GetCellRequest.getDefaultInstance()).getLeaderId())
                .as("the cell, after both").isEqualTo(leader);
        assertThatThrownBy(() -> cluster.jobs(follower).getJob(GetJobRequest.newBuilder().setName("huge").build()))
                .hasMessageContaining("NOT_FOUND");
    }

    private Borglet borglet(String id, List<String> masters, ChannelCredentials credentials) {
        BorgletConfig config = new BorgletConfig(id, "127.0.0.1", masters,
                Resources.newBuilder().setCpuMillis(1000).setRamBytes(GI).setDiskBytes(GI).build(), Map.of(),
                Duration.ofMillis(200), dir.resolve("work-" + id));
        Borglet borglet = new Borglet(config, List.of(ScriptedRuntime.runningUntilKilled()), "", credentials);
        borglet.start();
        return borglet;
    }

    private void assertRefused(ChannelCredentials credentials) {
        String address = cluster.peers().stream().filter(p -> p.id().equals(follower)).findFirst().orElseThrow().grpcAddress();
        ManagedChannel channel = Grpc.newChannelBuilder(address, credentials).build();
        try {
            assertThatThrownBy(() -> JobServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                    .getJob(GetJobRequest.newBuilder().setName("secure").build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isIn(Status.Code.UNAVAILABLE, Status.Code.UNAUTHENTICATED));
        } finally {
            channel.shutdownNow();
        }
    }
}
