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
    private final EtcdMembers.Member follower;
    private final KVGrpc.KVBlockingStub kv;
    private final BenchJobSpec spec;
    private final EtcdBinary etcd;

    private EtcdSide(EtcdBinary etcd, EtcdMembers members, EtcdMembers.Member follower, BenchJobSpec spec) {
        this.etcd = etcd;
        this.members = members;
        this.follower = follower;
        this.kv = KVGrpc.newBlockingStub(members.channel(follower.name()));
        this.spec = spec;
    }

    /** Starts the members in {@code dir}, waits until they agree on a leader, and picks a follower. */
    static EtcdSide start(EtcdBinary etcd, Path dir, BenchJobSpec spec, Duration timeout) throws IOException {
        EtcdMembers members = EtcdMembers.start(etcd, dir, MEMBERS);
        try {
            Map<String, StatusResponse> statuses = members.awaitLeader(timeout);
            String follower = statuses.entrySet().stream()
                    .filter(e -> e.getValue().getHeader().getMemberId() != e.getValue().getLeader())
                    .map(Map.Entry::getKey).findFirst().orElseThrow();
            EtcdMembers.Member member = members.members().stream().filter(m -> m.name().equals(follower)).findFirst()
                    .orElseThrow();
            return new EtcdSide(etcd, members, member, spec);
        } catch (RuntimeException e) {
            members.close();
            throw e;
        }
    }

    EtcdBinary etcd() {
        return etcd;
    }

    @Override
    public String name() {
        return "etcd";
    }

    @Override
    public String follower() {
        return follower.name() + " (" + follower.clientAddress() + ")";
    }

    @Override
    public Leadership leadership() {
        StatusResponse status = members.status(follower.name());
        return new Leadership(members.nameOf(status.getLeader()), status.getRaftTerm());
    }

    @Override
    public void write(String name) {
        kv.withDeadlineAfter(WRITE_DEADLINE.toMillis(), TimeUnit.MILLISECONDS).put(PutRequest.newBuilder()
                .setKey(ByteString.copyFrom(KEY_PREFIX + name, StandardCharsets.UTF_8))
                .setValue(spec.named(name).toByteString())
                .build());
    }

    @Override
    public void close() {
        members.close();
    }
}
