package borgcell.master.web;

import static org.awaitility.Awaitility.await;

import borgcell.api.v1.JobServiceGrpc;
import borgcell.api.v1.MachineLinkGrpc;
import borgcell.master.BorgMasterApplication;
import borgcell.master.Replica;
import borgcell.master.TestCluster;
import borgcell.master.raft.PeerAddress;
import borgcell.trust.CellCa;
import borgcell.trust.Identity;
import borgcell.trust.MutualTls;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Three real BorgMaster apps (Spring, Raft, gRPC, HTTP) in this JVM, on free loopback ports,
 * started at once as a cell's replicas are (each app's HTTP waits for the group to form).
 */
public final class ReplicaApps implements AutoCloseable {
    private final List<PeerAddress> peers = new ArrayList<>();
    private final List<ConfigurableApplicationContext> apps = new ArrayList<>();
    private final ManagedChannel channel;
    private final java.util.Map<String, ManagedChannel> leaderChannels = new java.util.concurrent.ConcurrentHashMap<>();

    private final java.util.function.Function<String, ManagedChannel> dial;

    /** A cell started {@code --insecure}: plaintext, no caller checked. */
    public ReplicaApps(Path dataDir) {
        this(dataDir, java.util.Optional.empty());
    }

    /**
     * @param ca the cell's CA, whose directory the replicas' certificates are issued into (mutual
     *     TLS, callers checked; the test's own gRPC calls are an admin's); empty for {@code --insecure}
     */
    public ReplicaApps(Path dataDir, java.util.Optional<CellCa> ca) {
        peers.addAll(TestCluster.freePeers(3));
        ca.ifPresent(c -> peers.forEach(p -> c.issue(Identity.replica(p.id()), List.of("127.0.0.1"))));
        java.util.Optional<io.grpc.ChannelCredentials> admin = ca.map(c -> MutualTls.clientOnce(
                c.issue(Identity.admin("test-admin"), List.of())));
        dial = address -> admin.map(a -> NettyChannelBuilder.forTarget(address, a))
                .orElseGet(() -> NettyChannelBuilder.forTarget(address).usePlaintext()).build();
        String security = ca.map(c -> "--borg.tls-dir=" + c.certificateFile().getParent()).orElse("--borg.insecure=true");
        String list = peers.stream().map(PeerAddress::toString).collect(Collectors.joining(","));
        List<CompletableFuture<ConfigurableApplicationContext>> starting = new ArrayList<>();
        for (PeerAddress p : peers) {
            // A long heartbeat interval: the test's machine never heartbeats, and must stay UP.
            String[] args = {"--borg.replica.id=" + p.id(), "--borg.replica.peers=" + list,
                "--borg.replica.data-dir=" + dataDir.resolve(p.id()), "--server.port=" + p.httpPort(),
                "--borg.heartbeat-interval=60s", "--borg.tls-reload=1s", "--spring.main.banner-mode=off", security};
            CompletableFuture<ConfigurableApplicationContext> app = new CompletableFuture<>();
            Thread.ofPlatform().name("start-" + p.id()).start(() -> {
                try {
                    app.complete(BorgMasterApplication.start(args));
                } catch (Throwable t) {
                    app.completeExceptionally(t);
                }
            });
            starting.add(app);
        }
        try {
            for (var app : starting) {
                apps.add(app.join());
            }
            // Generous: on a busy two-core machine three Spring contexts and an election take a while.
            await().atMost(Duration.ofSeconds(60)).until(() -> leader() != null);
        } catch (RuntimeException e) {
            starting.forEach(app -> app.thenAccept(ConfigurableApplicationContext::close));
            throw e;
        }
        channel = dial.apply(peers.get(0).grpcAddress());
    }

    public List<PeerAddress> peers() {
        return List.copyOf(peers);
    }

    /** The id of the replica leading now, or null between leaders. */
    public String leader() {
        for (ConfigurableApplicationContext app : apps) {
            Replica r = app.getBean(Replica.class);
            if (r.raft().isLeader()) {
                return r.id();
            }
        }
        return null;
    }

    public PeerAddress follower() {
        String leader = leader();
        return peers.stream().filter(p -> !p.id().equals(leader)).findFirst().orElseThrow();
    }

    public JobServiceGrpc.JobServiceBlockingStub jobs() {
        return JobServiceGrpc.newBlockingStub(channel).withDeadlineAfter(Duration.ofSeconds(20));
    }

    public borgcell.api.v1.TokenServiceGrpc.TokenServiceBlockingStub tokens() {
        return borgcell.api.v1.TokenServiceGrpc.newBlockingStub(channel).withDeadlineAfter(Duration.ofSeconds(20));
    }

    public MachineLinkGrpc.MachineLinkBlockingStub machines() {
        return MachineLinkGrpc.newBlockingStub(channel).withDeadlineAfter(Duration.ofSeconds(20));
    }

    /** The machine link of the replica leading now: heartbeats must reach the leader. */
    public MachineLinkGrpc.MachineLinkBlockingStub leaderMachines() {
        String leader = await().atMost(Duration.ofSeconds(30)).until(this::leader, java.util.Objects::nonNull);
        String address = peers.stream().filter(p -> p.id().equals(leader)).findFirst().orElseThrow().grpcAddress();
        ManagedChannel leaderChannel = leaderChannels.computeIfAbsent(address, dial);
        return MachineLinkGrpc.newBlockingStub(leaderChannel).withDeadlineAfter(Duration.ofSeconds(20));
    }

    @Override
    public void close() {
        channel.shutdownNow();
        leaderChannels.values().forEach(ManagedChannel::shutdownNow);
        apps.forEach(ConfigurableApplicationContext::close);
    }
}
