package borgcell.cli.bench.write;

import com.google.protobuf.ByteString;
import io.etcd.jetcd.api.KVGrpc;
import io.etcd.jetcd.api.PutRequest;
import io.etcd.jetcd.api.StatusResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * etcd's side: five members as processes, and a Put of the job spec's bytes (the very bytes
 * the cell's side submits) under a fresh key, sent to a follower, which forwards the proposal
 * to the leader and answers once the entry is committed and applied. etcd's official gRPC API
 * (its generated {@code KV} and {@code Maintenance} stubs), on our gRPC channel.
 */
final class EtcdSide implements WriteSide {
    static final int MEMBERS = 5;
    private static final Duration WRITE_DEADLINE = Duration.ofSeconds(30);
    private static final String KEY_PREFIX = "/borg-bench/";

    private final EtcdMembers members;
    private final BenchJobSpec spec;
    private final EtcdBinary etcd;
    private final Duration timeout;
    /** Changes only between rounds, while no client writes. */
    private volatile EtcdMembers.Member follower;
    private volatile KVGrpc.KVBlockingStub kv;

    private EtcdSide(EtcdBinary etcd, EtcdMembers members, BenchJobSpec spec, Duration timeout) {
        this.etcd = etcd;
        this.members = members;
        this.spec = spec;
        this.timeout = timeout;
    }

    /** Starts the members in {@code dir}, waits until they agree on a leader, and picks a follower. */
    static EtcdSide start(EtcdBinary etcd, Path dir, BenchJobSpec spec, Duration timeout) throws IOException {
        EtcdMembers members = EtcdMembers.start(etcd, dir, MEMBERS);
        EtcdSide side = new EtcdSide(etcd, members, spec, timeout);
        try {
            side.chooseFollower();
            return side;
        } catch (RuntimeException e) {
            side.close();
            throw e;
        }
    }

    EtcdBinary etcd() {
        return etcd;
    }

    @Override
    public void chooseFollower() {
        Map<String, StatusResponse> statuses = members.awaitLeader(timeout);
        String chosen = null;
        for (Map.Entry<String, StatusResponse> e : statuses.entrySet()) {
            boolean isFollower = e.getValue().getHeader().getMemberId() != e.getValue().getLeader();
            if (isFollower && (chosen == null || follower != null && e.getKey().equals(follower.name()))) {
                chosen = e.getKey();
            }
        }
        String name = chosen;
        follower = members.members().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
        kv = KVGrpc.newBlockingStub(members.channel(name));
    }

    @Override
    public String name() {
        return "etcd";
    }

    @Override
    public String follower() {
        return follower.name();
    }

    @Override
    public String address() {
        return follower.clientAddress();
    }

    @Override
    public Leadership leadership() {
        StatusResponse status = members.status(follower.name());
        return new Leadership(members.nameOf(status.getLeader()), status.getRaftTerm(), status.getRaftIndex());
    }

    @Override
    public void write(String name) {
        kv.withDeadlineAfter(WRITE_DEADLINE.toMillis(), TimeUnit.MILLISECONDS).put(PutRequest.newBuilder()
                .setKey(ByteString.copyFrom(KEY_PREFIX + name, StandardCharsets.UTF_8))
                .setValue(spec.named(name).toByteString())
                .build());
    }

    @Override
    public Map<String, Long> memberPids() {
        return members.pids();
    }

    @Override
    public void close() {
        members.close();
    }
}
