package borgcell.master.raft;

import borgcell.api.v1.raft.Command;
import borgcell.api.v1.raft.CommandResult;
import borgcell.api.v1.raft.Query;
import borgcell.api.v1.raft.QueryResult;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.apache.ratis.grpc.GrpcFactory;
import org.apache.ratis.proto.RaftProtos;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/**
 * One member of the cell's Raft group: the Ratis server holding the {@link CellStateMachine},
 * and a Raft client through which this replica's API proposes writes and linearizable reads.
 * The client finds the leader by itself, so a write sent to any replica reaches the leader.
 */
public final class RaftReplica implements AutoCloseable {
    /** Every cell uses the same group id: one cell, one group. */
    static final RaftGroupId GROUP_ID =
            RaftGroupId.valueOf(UUID.nameUUIDFromBytes("borg-cell".getBytes(StandardCharsets.UTF_8)));

    private static final long CLIENT_RETRY_SLEEP_MILLIS = 50;
    /** A batch stays well below a log segment (1 MiB by default) and Ratis' message limit. */
    private static final int MAX_BYTES_PER_ENTRY = 256 << 10;
    private static final int MAX_COMMANDS_PER_ENTRY = 1_000;
    /** About 20 s of writes at the rate a five-replica group on two cores commits them. */
    private static final int MAX_COMMANDS_WAITING = 50_000;
    /** How long the other members of a forming group let the first one campaign alone. */
    private static final long FORMATION_WAIT_MILLIS = 5_000;

    private final ReplicaConfig config;
    private final RaftSettings settings;
    private final CellStateMachine stateMachine = new CellStateMachine();
    private final RaftServer server;
    private final RaftClient client;
    private final boolean formatted;
    private final AdminClients adminClients;
    private final GroupCommit groupCommit;
    private volatile Rejoin rejoin;

    /** A replica whose Raft links are plaintext: a cell started {@code --insecure}, and tests of Raft alone. */
    public RaftReplica(ReplicaConfig config, RaftSettings settings) {
        this(config, settings, Optional.empty());
    }

    /**
     * @param tls mutual TLS for every Raft link (among the replicas, and this replica's own
     *     clients of the group): whom to present and whom to trust; empty for plaintext
     */
    public RaftReplica(ReplicaConfig config, RaftSettings settings, Optional<GrpcTlsConfig> tls) {
        this.config = config;
        this.settings = settings;
        RaftGroup group = group(config.peers());
        Parameters links = new Parameters();
        tls.ifPresent(t -> {
            GrpcConfigKeys.Server.setTlsConf(links, t);
            GrpcConfigKeys.Client.setTlsConf(links, t);
            GrpcConfigKeys.Admin.setTlsConf(links, t);
        });
        this.adminClients = new AdminClients(group, links);
        try {
            Files.createDirectories(config.dataDir());
            // A fresh data directory is formatted; one that holds our group is recovered.
            boolean existing = Files.isDirectory(config.dataDir().resolve(GROUP_ID.getUuid().toString()));
            this.formatted = !existing;
            this.server = RaftServer.newBuilder()
                    .setServerId(RaftPeerId.valueOf(config.id()))
                    .setGroup(group)
                    .setStateMachine(stateMachine)
                    .setProperties(serverProperties())
                    .setParameters(links)
                    .setOption(existing ? RaftStorage.StartupOption.RECOVER : RaftStorage.StartupOption.FORMAT)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create Raft server " + config.id() + " in " + config.dataDir(), e);
        }
        RaftProperties clientProps = new RaftProperties();
        RaftClientConfigKeys.Rpc.setRequestTimeout(clientProps, ms(settings.clientRpcTimeout().toMillis()));
        // Fixed short sleeps: on loopback a retry costs nothing, and after a failover the first
        // retry that finds the new leader ready ends the client's share of the outage.
        long retries = Math.max(1, settings.requestTimeout().toMillis() / CLIENT_RETRY_SLEEP_MILLIS);
        this.client = RaftClient.newBuilder()
                .setProperties(clientProps)
                .setRaftGroup(group)
                .setClientRpc(new BackgroundReconnectRpc(
                        new GrpcFactory(links).newRaftClientRpc(ClientId.randomId(), clientProps)))
                .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep((int) retries,
                        TimeDuration.valueOf(CLIENT_RETRY_SLEEP_MILLIS, TimeUnit.MILLISECONDS)))
                .build();
        this.groupCommit = new GroupCommit(this::proposeEntry, settings.entriesInFlight(), MAX_COMMANDS_PER_ENTRY,
                MAX_BYTES_PER_ENTRY, MAX_COMMANDS_WAITING);
    }

    private RaftProperties serverProperties() {
        RaftProperties p = new RaftProperties();
        PeerAddress self = config.self();
        RaftServerConfigKeys.setStorageDir(p, List.of(config.dataDir().toFile()));
        GrpcConfigKeys.Server.setHost(p, config.listenHost());
        GrpcConfigKeys.Server.setPort(p, self.raftPort());
        RaftServerConfigKeys.Rpc.setTimeoutMin(p, ms(settings.electionTimeoutMin().toMillis()));
        RaftServerConfigKeys.Rpc.setTimeoutMax(p, ms(settings.electionTimeoutMax().toMillis()));
        // Forming a group from empty directories, only the first member listed campaigns at
        // once; the others give it FORMATION_WAIT first. Concurrent first leaders each write a
        // start entry at index 0, and Ratis 3.3 can let one of them commit its entry on a member
        // whose vote then elects another: that member keeps a committed index 0 that conflicts
        // with the leader's and refuses every append for ever (the fault campaign saw it when
        // eight JVMs started at once on two cores and five candidates rose within 350 ms).
        boolean waitsForFirstMember = formatted && config.peers().size() > 1
                && !config.peers().get(0).id().equals(config.id());
        long firstMin = waitsForFirstMember ? FORMATION_WAIT_MILLIS : settings.electionTimeoutMin().toMillis() / 2;
        long firstMax = (waitsForFirstMember ? FORMATION_WAIT_MILLIS : 0) + settings.electionTimeoutMax().toMillis() / 2;
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(p, ms(firstMin));
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(p, ms(firstMax));
        // Snapshots by log size; the log below a snapshot is purged, so a follower too far behind
        // is brought up to date by installing the snapshot rather than by replaying the log.
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, settings.snapshotThreshold());
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, 2);
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
        RaftServerConfigKeys.Log.setPurgeGap(p, (int) Math.max(1, Math.min(Integer.MAX_VALUE, settings.snapshotThreshold())));
        RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(settings.logSegmentBytes()));
        RaftServerConfigKeys.Log.setPreallocatedSize(p, SizeInBytes.valueOf(Math.min(settings.logSegmentBytes(), 256 << 10)));
        // Ratis' log metadata is an extra entry after each commit advance, appended, replicated
        // and fsynced like any other: it doubled the entries per write. Its one use, knowing the
        // commit index at restart before hearing from a leader, we do not need: a restarted
        // replica serves nothing until it has a leader anyway.
        RaftServerConfigKeys.Log.setLogMetadataEnabled(p, false);
        // Reads are linearizable (ReadIndex), made cheap by the leader lease.
        RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
        RaftServerConfigKeys.Read.setLeaderLeaseEnabled(p, true);
        return p;
    }

    private static TimeDuration ms(long millis) {
        return TimeDuration.valueOf(millis, TimeUnit.MILLISECONDS);
    }

    /** Ratis serves its client protocol on the Raft port too; our gRPC API is found through the config. */
    static RaftGroup group(List<PeerAddress> peers) {
        return RaftGroup.valueOf(GROUP_ID, peers.stream()
                .map(p -> RaftPeer.newBuilder().setId(p.id()).setAddress(p.raftAddress()).build())
                .toList());
    }

    public void start() {
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Raft server " + config.id(), e);
        }
        if (formatted) {
            rejoin = new Rejoin(server, config, settings, adminClients);
            rejoin.start();
        }
    }

    /** How many times this replica, started empty, asked the leader to take it out and back in. */
    public int rejoinAttempts() {
        return rejoin == null ? 0 : rejoin.attempts();
    }

    /**
     * Sends a command through the log; completes with the state machine's answer. Commands
     * proposed while earlier ones are being replicated share a log entry ({@link GroupCommit}).
     */
    public CompletableFuture<CommandResult> propose(Command command) {
        return groupCommit.propose(command);
    }

    private CompletableFuture<CommandResult> proposeEntry(Command entry) {
        return client.async().send(toMessage(entry.toByteArray()))
                .thenApply(reply -> parse(reply, CommandResult::parseFrom));
    }

    /**
     * A linearizable read, answered by the leader's state machine. Unordered: a read sent to a
     * follower during an election waits for a read index until it times out, and on the ordered
     * stream every write of this replica would wait behind it.
     */
    public CompletableFuture<QueryResult> query(Query query) {
        return client.async().sendReadOnlyUnordered(toMessage(query.toByteArray()))
                .thenApply(reply -> parse(reply, QueryResult::parseFrom));
    }

    /**
     * A linearizable read answered by this replica's own state machine: a follower first learns
     * the leader's commit index and waits until it has applied that far (Raft's ReadIndex). So
     * whatever this replica's state shows afterwards is at least as new as the answer, which
     * a caller that goes on to read the local state (a dry run, a machine's address) needs:
     * the leader's answer alone says nothing of how far this replica has applied.
     */
    public CompletableFuture<QueryResult> queryHere(Query query) {
        return client.async().sendReadOnlyUnordered(toMessage(query.toByteArray()), RaftPeerId.valueOf(config.id()))
                .thenApply(reply -> parse(reply, QueryResult::parseFrom));
    }

    private interface Parser<T> {
        T parse(byte[] bytes) throws InvalidProtocolBufferException;
    }

    private static <T> T parse(RaftClientReply reply, Parser<T> parser) {
        if (!reply.isSuccess()) {
            throw new RaftUnavailableException("Raft request failed: " + reply.getException());
        }
        try {
            return parser.parse(reply.getMessage().getContent().toByteArray());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("undecodable answer from the state machine", e);
        }
    }

    private static Message toMessage(byte[] bytes) {
        return Message.valueOf(UnsafeByteOperations.unsafeWrap(bytes));
    }

    public CellStateMachine stateMachine() {
        return stateMachine;
    }

    public ReplicaConfig config() {
        return config;
    }

    private Optional<DivisionInfo> info() {
        try {
            return Optional.of(server.getDivision(GROUP_ID).getInfo());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public boolean isLeader() {
        return info().map(i -> i.isLeader() && i.isLeaderReady()).orElse(false);
    }

    public Optional<String> leaderId() {
        return info().map(DivisionInfo::getLeaderId).map(RaftPeerId::toString);
    }

    public long term() {
        return info().map(DivisionInfo::getCurrentTerm).orElse(0L);
    }

    public String role() {
        return info().map(i -> i.getCurrentRole().name()).orElse("UNKNOWN");
    }

    public long commitIndex() {
        try {
            return server.getDivision(GROUP_ID).getRaftLog().getLastCommittedIndex();
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * Whether this replica knows a leader and has applied an entry of the current term: a
     * leader of this term has committed its first entry, so the group takes writes, and this
     * replica has caught up to it. Knowing the leader matters at a restart: the replica comes
     * back in the term it had and replays entries of it from its own log before it hears from
     * anyone, so without it a whole group restarting looked writable at once and all five
     * booted Spring (seconds of CPU each) in the middle of their election.
     */
    public boolean appliedInCurrentTerm() {
        try {
            var division = server.getDivision(GROUP_ID);
            var info = division.getInfo();
            long applied = info.getLastAppliedIndex();
            var entry = division.getRaftLog().getTermIndex(applied);
            return entry != null && info.getLeaderId() != null && entry.getTerm() == info.getCurrentTerm();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Whether this replica votes in the group's current configuration: false for one taken out
     * (a rejoin half done) or never added, whatever role it believes it has.
     */
    public boolean isVotingMember() {
        try {
            return server.getDivision(GROUP_ID).getRaftConf()
                    .getCurrentPeers(RaftProtos.RaftPeerRole.FOLLOWER).stream()
                    .anyMatch(p -> p.getId().toString().equals(config.id()));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    public long appliedIndex() {
        return info().map(DivisionInfo::getLastAppliedIndex).orElse(-1L);
    }

    /** Asks this replica to write a snapshot now (admin and tests); answers its log index. */
    public long snapshotNow() throws IOException {
        try (RaftClient admin = adminClients.open(Duration.ofSeconds(20))) {
            RaftClientReply reply = admin.getSnapshotManagementApi(RaftPeerId.valueOf(config.id())).create(true, 20_000);
            if (!reply.isSuccess()) {
                throw new IOException("snapshot failed: " + reply.getException());
            }
            return reply.getLogIndex();
        }
    }

    /** Hands leadership to the named member; answers once it leads (or throws why not). */
    public void transferLeadership(String peerId) throws IOException {
        if (config.peer(peerId) == null) {
            throw new IllegalArgumentException("replica \"" + peerId + "\" is not a member of the group "
                    + config.peers().stream().map(PeerAddress::id).toList());
        }
        // The request must reach the current leader: the replica's own client finds it.
        RaftClientReply reply = client.admin().transferLeadership(RaftPeerId.valueOf(peerId), 10_000);
        if (!reply.isSuccess()) {
            throw new IOException("leadership transfer to " + peerId + " failed: " + reply.getException());
        }
    }

    /**
     * Each member's role as that member reports it ("LEADER", "FOLLOWER", "CANDIDATE"), or
     * "UNREACHABLE" when it does not answer within a second.
     */
    public java.util.Map<String, String> memberRoles() {
        java.util.Map<String, String> roles = new java.util.TreeMap<>();
        try (RaftClient admin = adminClients.open(Duration.ofSeconds(1))) {
            for (PeerAddress p : config.peers()) {
                if (p.id().equals(config.id())) {
                    roles.put(p.id(), role());
                    continue;
                }
                try {
                    var info = admin.getGroupManagementApi(RaftPeerId.valueOf(p.id())).info(GROUP_ID);
                    roles.put(p.id(), info.isSuccess() ? info.getRoleInfoProto().getRole().name() : "UNREACHABLE");
                } catch (IOException | RuntimeException e) {
                    roles.put(p.id(), "UNREACHABLE");
                }
            }
        } catch (IOException e) {
            // closing the admin client failed: the roles gathered stand
        }
        return roles;
    }

    /** The first index the leader still has in its log; below it, followers need the snapshot. */
    public long logStartIndex() {
        try {
            return server.getDivision(GROUP_ID).getRaftLog().getStartIndex();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        Rejoin r = rejoin;
        if (r != null) {
            r.stop();
        }
        try {
            client.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop Raft server " + config.id(), e);
        }
    }
}
