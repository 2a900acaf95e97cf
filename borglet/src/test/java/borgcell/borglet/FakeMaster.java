package borgcell.borglet;

import borgcell.api.v1.HeartbeatRequest;
import borgcell.api.v1.HeartbeatResponse;
import borgcell.api.v1.Machine;
import borgcell.api.v1.MachineLinkGrpc;
import borgcell.api.v1.NotLeader;
import borgcell.api.v1.RegisterRequest;
import borgcell.api.v1.RegisterResponse;
import borgcell.api.v1.TaskAssignment;
import borgcell.api.v1.TaskReport;
import com.google.protobuf.Any;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A BorgMaster replica as far as MachineLink goes, on a real gRPC server on a free loopback
 * port: records every call and answers with a scripted desired set, or refuses like a
 * follower, or forgets the machine.
 */
final class FakeMaster extends MachineLinkGrpc.MachineLinkImplBase implements AutoCloseable {

    final List<RegisterRequest> registrations = new CopyOnWriteArrayList<>();
    final List<HeartbeatRequest> heartbeats = new CopyOnWriteArrayList<>();
    final AtomicInteger refusedHeartbeats = new AtomicInteger();
    /** Answer NOT_FOUND to this many heartbeats to come. */
    final AtomicInteger forgetMachine = new AtomicInteger();
    volatile List<TaskAssignment> desired = List.of();
    /** When set, every heartbeat is refused with it (a follower says FAILED_PRECONDITION). */
    volatile StatusRuntimeException refuseHeartbeats;
    /** Runs as a registration arrives, before it is answered. */
    volatile Runnable onRegister = () -> {};

    private final Server server;

    private FakeMaster() throws IOException {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(this).build().start();
    }

    static FakeMaster start() throws IOException {
        return new FakeMaster();
    }

    /** A follower that knows no leader. */
    static FakeMaster follower() throws IOException {
        return follower("");
    }

    /** A follower that names {@code leader} ("host:port") as replicas do: in a NotLeader status detail. */
    static FakeMaster follower(String leader) throws IOException {
        FakeMaster master = new FakeMaster();
        master.refuseHeartbeats = StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(Status.Code.FAILED_PRECONDITION.value()).setMessage("not the leader")
                .addDetails(Any.pack(NotLeader.newBuilder().setLeaderAddress(leader).build())).build());
        return master;
    }

    String address() {
        return "127.0.0.1:" + server.getPort();
    }

    /** What the latest heartbeat said about a task, if it mentioned it. */
    Optional<TaskReport> lastReport(String job, int index, int attempt) {
        if (heartbeats.isEmpty()) {
            return Optional.empty();
        }
        return heartbeats.getLast().getTasksList().stream()
                .filter(r -> r.getJob().equals(job) && r.getIndex() == index && r.getAttempt() == attempt)
                .findFirst();
    }

    @Override
    public void register(RegisterRequest request, StreamObserver<RegisterResponse> response) {
        onRegister.run();
        registrations.add(request);
        response.onNext(RegisterResponse.newBuilder()
                .setMachine(Machine.newBuilder().setId(request.getMachineId()).setCapacity(request.getCapacity()))
                .build());
        response.onCompleted();
    }

    @Override
    public void heartbeat(HeartbeatRequest request, StreamObserver<HeartbeatResponse> response) {
        StatusRuntimeException refusal = refuseHeartbeats;
        if (refusal != null) {
            refusedHeartbeats.incrementAndGet();
            response.onError(refusal);
            return;
        }
        if (forgetMachine.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            response.onError(Status.NOT_FOUND.withDescription("machine " + request.getMachineId() + " not found")
                    .asRuntimeException());
            return;
        }
        heartbeats.add(request);
        response.onNext(HeartbeatResponse.newBuilder().addAllDesired(desired).build());
        response.onCompleted();
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
