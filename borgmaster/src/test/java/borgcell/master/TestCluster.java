package borgcell.master;

import static org.awaitility.Awaitility.await;

import borgcell.api.v1.CellServiceGrpc;
import borgcell.api.v1.JobServiceGrpc;
import borgcell.api.v1.MachineLinkGrpc;
import borgcell.master.raft.PeerAddress;
import borgcell.master.raft.RaftSettings;
import borgcell.master.raft.ReplicaConfig;
import borgcell.trust.CellCa;
import borgcell.trust.Identity;
import borgcell.trust.MutualTls;
import borgcell.trust.TlsFiles;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** N real replicas in this JVM, on free loopback ports, each with its own data directory. */
public final class TestCluster implements AutoCloseable {
    private final List<PeerAddress> peers = new ArrayList<>();
    private final Path root;
    private final Replica.Settings settings;
    private final Map<String, Replica> running = new HashMap<>();
    private final Map<String, ManagedChannel> channels = new HashMap<>();
    private final List<ManagedChannel> callerChannels = new ArrayList<>();
    private final List<MutualTls> callerTls = new ArrayList<>();
    private CellCa ca;
    private MutualTls clientTls;

    public TestCluster(int size, Path root, Replica.Settings settings) {
        this.root = root;
        this.settings = settings;
        peers.addAll(freePeers(size));
    }

    /** Short timeouts so tests move fast; elections still tolerate a busy two-core machine. */
    public static Replica.Settings fastSettings() {
        return new Replica.Settings(Duration.ofMillis(200), 3, Duration.ofMillis(100),
                new RaftSettings(Duration.ofMillis(600), Duration.ofMillis(1200), 10_000, Duration.ofSeconds(15), 1L << 20),
                Duration.ofSeconds(1));
    }

    /**
     * Replicas with mutual TLS from a CA made under the root ({@link #ca()}); this cluster's
     * own channels then present an admin certificate. Call before starting any replica.
     */
    public TestCluster withTls() {
        ca = CellCa.loadOrCreate(root.resolve("pki"));
        clientTls = MutualTls.of(ca.issue(Identity.admin("test"), List.of()), Duration.ofSeconds(30));
        return this;
    }

    public CellCa ca() {
        return ca;
    }

    /** The id of a running replica other than {@code leader}. */
    public String followerOf(String leader) {
        return running.keySet().stream().filter(id -> !id.equals(leader)).sorted().findFirst().orElseThrow();
    }

    public TestCluster startAll() {
        peers.forEach(p -> start(p.id()));
        return this;
    }

    public Replica start(String id) {
        PeerAddress self = peers.stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
        Optional<TlsFiles> tls = ca == null ? Optional.empty() : Optional.of(ca.issue(Identity.replica(id), List.of(self.host())));
        Replica r = new Replica(new ReplicaConfig(id, peers, dataDir(id)), settings, Clock.systemUTC(),
                new SimpleMeterRegistry(), tls).start();
        running.put(id, r);
        return r;
    }

    public void stop(String id) {
        Replica r = running.remove(id);
        if (r != null) {
            r.close();
        }
    }

    public void wipe(String id) throws IOException {
        Path dir = dataDir(id);
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    public Path dataDir(String id) {
        return root.resolve(id);
    }

    public Replica awaitLeader() {
        await().atMost(Duration.ofSeconds(30)).until(() -> leader().isPresent());
        return leader().orElseThrow();
    }

    public Optional<Replica> leader() {
        return running.values().stream().filter(r -> r.raft().isLeader()).findFirst();
    }

    public List<Replica> running() {
        return List.copyOf(running.values());
    }

    public Replica replica(String id) {
        return running.get(id);
    }

    public List<PeerAddress> peers() {
        return peers;
    }

    public ManagedChannel channel(String id) {
        ChannelCredentials credentials = clientTls == null ? InsecureChannelCredentials.create() : clientTls.client();
        return channels.computeIfAbsent(id, k -> NettyChannelBuilder
                .forTarget(peers.stream().filter(p -> p.id().equals(k)).findFirst().orElseThrow().grpcAddress(), credentials)
                .build());
    }

    /**
     * A channel to replica {@code id} presenting a certificate of this cluster's CA ({@link #withTls})
     * issued to {@code who}: a call as a user, a viewer, a machine. Closed with the cluster.
     */
    public ManagedChannel channelAs(Identity who, String id) {
        MutualTls tls = MutualTls.of(ca.issue(who, List.of()), Duration.ofSeconds(30));
        callerTls.add(tls);
        ManagedChannel channel = NettyChannelBuilder.forTarget(peers.stream().filter(p -> p.id().equals(id)).findFirst()
                .orElseThrow().grpcAddress(), tls.client()).build();
        callerChannels.add(channel);
        return channel;
    }

    public JobServiceGrpc.JobServiceBlockingStub jobs(String id) {
        return JobServiceGrpc.newBlockingStub(channel(id)).withDeadlineAfter(Duration.ofSeconds(20));
    }

    public CellServiceGrpc.CellServiceBlockingStub cell(String id) {
        return CellServiceGrpc.newBlockingStub(channel(id)).withDeadlineAfter(Duration.ofSeconds(20));
    }

    public MachineLinkGrpc.MachineLinkBlockingStub link(String id) {
        return MachineLinkGrpc.newBlockingStub(channel(id)).withDeadlineAfter(Duration.ofSeconds(20));
    }

    @Override
    public void close() {
        channels.values().forEach(ManagedChannel::shutdownNow);
        callerChannels.forEach(ManagedChannel::shutdownNow);
        callerTls.forEach(MutualTls::close);
        if (clientTls != null) {
            clientTls.close();
        }
        List.copyOf(running.keySet()).forEach(this::stop);
    }

    /**
     * {@code size} replicas on distinct free loopback ports: all the sockets are held open
     * together while ports are picked, so the kernel cannot hand out one port twice.
     */
    public static List<PeerAddress> freePeers(int size) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3 * size; i++) {
                held.add(new ServerSocket(0));
            }
            List<PeerAddress> peers = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                peers.add(new PeerAddress("r" + (i + 1), "127.0.0.1", held.get(3 * i).getLocalPort(),
                        held.get(3 * i + 1).getLocalPort(), held.get(3 * i + 2).getLocalPort()));
            }
            return peers;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // a port we could not release only narrows the choice
                }
            }
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
