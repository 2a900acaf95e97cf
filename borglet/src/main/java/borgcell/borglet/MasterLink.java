package borgcell.borglet;

import borgcell.api.v1.HeartbeatRequest;
import borgcell.api.v1.HeartbeatResponse;
import borgcell.api.v1.MachineLinkGrpc;
import borgcell.api.v1.NotLeader;
import borgcell.api.v1.RegisterRequest;
import borgcell.api.v1.RegisterResponse;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Borglet's side of MachineLink: one channel per master, and a preferred master that the
 * next call tries first. Heartbeats must reach the Raft leader, so a refusal moves the
 * preference on: to the leader a follower names, or else to the next master in the list.
 * Only the heartbeat thread uses it. {@link #leaderHint} is public: the hollow Borglets follow
 * the same hints.
 */
public final class MasterLink implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MasterLink.class);

    private final List<String> targets;
    private final Function<String, ManagedChannel> channelFactory;
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private int preferred;
    private Duration deadline;

    MasterLink(List<String> masters, Function<String, ManagedChannel> channelFactory, Duration deadline) {
        this.targets = new ArrayList<>(masters);
        this.channelFactory = channelFactory;
        this.deadline = deadline;
    }

    void deadline(Duration deadline) {
        this.deadline = deadline;
    }

    /** The master the next call goes to first. */
    String preferred() {
        return targets.get(preferred);
    }

    /** Any master takes Register: try each once, from the preferred one on. */
    RegisterResponse register(RegisterRequest request) {
        StatusRuntimeException last = null;
        for (int tried = 0; tried < targets.size(); tried++) {
            String target = targets.get(preferred);
            try {
                return stub(target).register(request);
            } catch (StatusRuntimeException e) {
                log.debug("register at {} failed: {}", target, e.getStatus());
                last = e;
                preferred = (preferred + 1) % targets.size();
            }
        }
        throw last;
    }

    /**
     * Sends a heartbeat to the leader, walking the masters until one takes it. NOT_FOUND (the
     * cell does not know this machine) is thrown at once: the caller must register again.
     */
    HeartbeatResponse heartbeat(HeartbeatRequest request) {
        StatusRuntimeException last = null;
        // Each master once, plus one hop for a leader that was named but is not in our list.
        int budget = targets.size() + 1;
        for (int tried = 0; tried < budget; tried++) {
            String target = targets.get(preferred);
            try {
                return stub(target).heartbeat(request);
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                    throw e;
                }
                last = e;
                String leader = leaderHint(e);
                if (leader != null && !leader.equals(target)) {
                    log.debug("{} is not the leader; it names {}", target, leader);
                    preferred = indexOf(leader);
                } else {
                    log.debug("heartbeat to {} failed: {}", target, e.getStatus());
                    preferred = (preferred + 1) % targets.size();
                }
            }
        }
        throw last;
    }

    /** The leader a follower names in its refusal (a {@link NotLeader} detail); null when it names none. */
    public static String leaderHint(StatusRuntimeException refusal) {
        if (refusal.getStatus().getCode() != Status.Code.FAILED_PRECONDITION) {
            return null;
        }
        com.google.rpc.Status status = StatusProto.fromThrowable(refusal);
        if (status == null) {
            return null;
        }
        for (Any detail : status.getDetailsList()) {
            if (detail.is(NotLeader.class)) {
                try {
                    String leader = detail.unpack(NotLeader.class).getLeaderAddress();
                    return leader.isEmpty() ? null : leader;
                } catch (InvalidProtocolBufferException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private int indexOf(String target) {
        int i = targets.indexOf(target);
        if (i >= 0) {
            return i;
        }
        targets.add(target);  // a replica we were not told about: the cell knows better
        return targets.size() - 1;
    }

    private MachineLinkGrpc.MachineLinkBlockingStub stub(String target) {
        if (closed) {
            throw Status.CANCELLED.withDescription("borglet is closing").asRuntimeException();
        }
        ManagedChannel channel = channels.computeIfAbsent(target, channelFactory);
        return MachineLinkGrpc.newBlockingStub(channel).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        closed = true;
        channels.values().forEach(ManagedChannel::shutdownNow);
        for (ManagedChannel channel : channels.values()) {
            try {
                channel.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
