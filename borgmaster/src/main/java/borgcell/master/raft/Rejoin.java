package borgcell.master.raft;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.proto.RaftProtos;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings back a replica that started with an empty data directory in a group that already has
 * a log. It can be stuck: the leader still remembers how far this member had matched and keeps
 * sending from there, and the empty log cannot accept it. If nothing arrives while a leader
 * exists, the replica leaves the group and joins again (what etcd calls member remove + add):
 * the leader then treats it as new and sends its log from the start, or its snapshot if the
 * log was purged.
 *
 * <p>Each attempt goes to the leader that this replica or any other member names (a member
 * taken out by a half-done attempt hears from no leader any more), gives up after
 * MEMBERSHIP_CHANGE_TIMEOUT, and is tried again after the patience: a replica left here never
 * catches up. It ends when the replica has applied entries and is a member with no change under way.
 *
 * <p>Known hazard (Ratis 3.3): between leaving and joining again this replica hears from no
 * leader and may campaign; a leader answers a candidate outside its configuration with "shut
 * down", Ratis closes the division, and later appends to it fail (ServerNotReady). Pausing
 * the replica's elections meanwhile was tried and made things worse: with no term change,
 * a leader that kept the appender of a half-done change refuses every later one ("Found
 * duplicated element"), for ever. See docs/RELIABILITY.md.
 */
final class Rejoin {
    private static final Logger log = LoggerFactory.getLogger(Rejoin.class);
    /** How long one membership change may take before it is tried again later. */
    private static final Duration MEMBERSHIP_CHANGE_TIMEOUT = Duration.ofSeconds(5);

    private final RaftServer server;
    private final ReplicaConfig config;
    private final AdminClients admin;
    /** A few election timeouts, never less than 5 s: a new leader's appender backs off before it retries a follower that was down. */
    private final long patienceMillis;
    private final AtomicInteger attempts = new AtomicInteger();
    private volatile boolean stopped;
    private volatile Thread thread;

    Rejoin(RaftServer server, ReplicaConfig config, RaftSettings settings, AdminClients admin) {
        this.server = server;
        this.config = config;
        this.admin = admin;
        this.patienceMillis = patienceMillis(settings);
    }

    /** How long a replica started empty waits, once another member leads, before it leaves and rejoins. */
    static long patienceMillis(RaftSettings settings) {
        return Math.max(5_000, settings.electionTimeoutMax().toMillis() * 3);
    }

    void start() {
        thread = Thread.ofVirtual().name("rejoin-" + config.id()).start(this::run);
    }

    void stop() {
        stopped = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    /** How many times the replica asked the leader to take it out and back in. */
    int attempts() {
        return attempts.get();
    }

    private void run() {
        // The patience runs from the moment another member is known to lead, not from the start:
        // a group forming from empty directories on a busy machine can take longer than the
        // patience to elect its first leader, and a member that left it then would shuffle the
        // membership of a group that was never stuck.
        long startedAt = -1;
        while (!Thread.currentThread().isInterrupted() && !stopped) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
            if (appliedIndex() >= 0 && inGroup()) {
                return; // the leader reached us, and we are a member (not taken out by a half-done attempt)
            }
            if (startedAt < 0) {
                if (knownLeader().filter(id -> !id.toString().equals(config.id())).isPresent()) {
                    startedAt = System.nanoTime();
                }
                continue;
            }
            if ((System.nanoTime() - startedAt) / 1_000_000 <= patienceMillis) {
                continue;
            }
            Optional<RaftPeerId> leader = groupLeader().filter(id -> !id.toString().equals(config.id()));
            if (leader.isPresent()) {
                attempt(leader.get());
                startedAt = System.nanoTime();
            }
        }
    }

    private void attempt(RaftPeerId leader) {
        attempts.incrementAndGet();
        try (RaftClient client = admin.open(MEMBERSHIP_CHANGE_TIMEOUT, leader)) {
            List<RaftPeer> all = RaftReplica.group(config.peers()).getPeers().stream().toList();
            List<RaftPeer> others = all.stream().filter(p -> !p.getId().toString().equals(config.id())).toList();
            RaftClientReply removed = client.admin().setConfiguration(others);
            RaftClientReply added = removed.isSuccess() ? client.admin().setConfiguration(all) : removed;
            if (added.isSuccess()) {
                log.info("{} started empty and the leader sent nothing; left and rejoined the group", config.id());
            } else {
                log.warn("{} could not rejoin yet ({}); will try again", config.id(), added.getException());
            }
        } catch (IOException | RuntimeException e) {
            if (!stopped) {
                log.warn("{} could not rejoin yet ({}); will try again", config.id(), e.toString());
            }
        }
    }

    private long appliedIndex() {
        try {
            return server.getDivision(RaftReplica.GROUP_ID).getInfo().getLastAppliedIndex();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Whether the newest configuration this replica knows lists it as a member, with no change under way. */
    private boolean inGroup() {
        try {
            var conf = server.getDivision(RaftReplica.GROUP_ID).getRaftConf();
            return conf.getPreviousPeers().isEmpty()
                    && conf.getCurrentPeers().stream().anyMatch(p -> p.getId().toString().equals(config.id()));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The leader as this replica knows it. */
    private Optional<RaftPeerId> knownLeader() {
        try {
            return Optional.ofNullable(server.getDivision(RaftReplica.GROUP_ID).getInfo().getLeaderId());
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // not started yet
        }
    }

    /** The leader as this replica knows it, or else as the first other member that answers names it. */
    private Optional<RaftPeerId> groupLeader() {
        Optional<RaftPeerId> known = knownLeader();
        if (known.isPresent()) {
            return known;
        }
        try (RaftClient client = admin.open(Duration.ofSeconds(1))) {
            for (PeerAddress p : config.peers()) {
                if (!p.id().equals(config.id())) {
                    Optional<RaftPeerId> named = leaderNamedBy(client, p.id());
                    if (named.isPresent()) {
                        return named;
                    }
                }
            }
        } catch (IOException e) {
            // closing the client failed: nothing was learnt
        }
        return Optional.empty();
    }

    private static Optional<RaftPeerId> leaderNamedBy(RaftClient client, String member) {
        try {
            var reply = client.getGroupManagementApi(RaftPeerId.valueOf(member)).info(RaftReplica.GROUP_ID);
            var role = reply.isSuccess() ? reply.getRoleInfoProto() : null;
            if (role != null && role.getRole() == RaftProtos.RaftPeerRole.LEADER) {
                return Optional.of(RaftPeerId.valueOf(member));
            }
            if (role != null && role.hasFollowerInfo() && role.getFollowerInfo().hasLeaderInfo()) {
                return Optional.of(RaftPeerId.valueOf(role.getFollowerInfo().getLeaderInfo().getId().getId()));
            }
        } catch (IOException | RuntimeException e) {
            // that member is down or busy
        }
        return Optional.empty();
    }
}
