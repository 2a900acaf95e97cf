package borgcell.master.web.ui;

import static org.awaitility.Awaitility.await;

import borgcell.api.v1.JobServiceGrpc;
import borgcell.api.v1.MachineLinkGrpc;
import borgcell.master.BorgMasterApplication;
import borgcell.master.Replica;
import borgcell.master.TestCluster;
import borgcell.master.raft.PeerAddress;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.context.ConfigurableApplicationContext;

/** Three real BorgMaster apps (Spring, Raft, gRPC, HTTP) in this JVM, on free loopback ports. */
final class ReplicaApps implements AutoCloseable {
    private final List<PeerAddress> peers = new ArrayList<>();
    private final List<ConfigurableApplicationContext> apps = new ArrayList<>();
    private final ManagedChannel channel;

    ReplicaApps(Path dataDir) {
        peers.addAll(TestCluster.freePeers(3));
        String list = peers.stream().map(PeerAddress::toString).collect(Collectors.joining(","));
        try {
            // A long heartbeat interval: the test's machine never heartbeats, and must stay UP.
            for (PeerAddress p : peers) {
                apps.add(BorgMasterApplication.start(new String[] {
                    "--borg.replica.id=" + p.id(), "--borg.replica.peers=" + list,
                    "--borg.replica.data-dir=" + dataDir.resolve(p.id()), "--server.port=" + p.httpPort(),
                    "--borg.heartbeat-interval=60s", "--spring.main.banner-mode=off"}));
            }
            // Generous: on a busy two-core machine three Spring contexts and an election take a while.
            await().atMost(Duration.ofSeconds(60)).until(() -> leader() != null);
        } catch (RuntimeException e) {
            apps.forEach(ConfigurableApplicationContext::close);
            throw e;
        }
        channel = NettyChannelBuilder.forTarget(peers.get(0).grpcAddress()).usePlaintext().build();
    }

    /** The id of the replica leading now, or null between leaders. */
    String leader() {
        for (ConfigurableApplicationContext app : apps) {
            Replica r = app.getBean(Replica.class);
            if (r.raft().isLeader()) {
                return r.id();
            }
        }
        return null;
    }

    PeerAddress follower() {
        String leader = leader();
        return peers.stream().filter(p -> !p.id().equals(leader)).findFirst().orElseThrow();
    }

    JobServiceGrpc.JobServiceBlockingStub jobs() {
        return JobServiceGrpc.newBlockingStub(channel).withDeadlineAfter(Duration.ofSeconds(20));
    }

    MachineLinkGrpc.MachineLinkBlockingStub machines() {
        return MachineLinkGrpc.newBlockingStub(channel).withDeadlineAfter(Duration.ofSeconds(20));
    }

    @Override
    public void close() {
        channel.shutdownNow();
        apps.forEach(ConfigurableApplicationContext::close);
    }
}
