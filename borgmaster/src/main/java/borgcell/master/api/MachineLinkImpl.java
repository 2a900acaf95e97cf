package borgcell.master.api;

import borgcell.api.v1.HeartbeatRequest;
import borgcell.api.v1.HeartbeatResponse;
import borgcell.api.v1.MachineLinkGrpc;
import borgcell.api.v1.MachineState;
import borgcell.api.v1.NotLeader;
import borgcell.api.v1.RegisterRequest;
import borgcell.api.v1.RegisterResponse;
import borgcell.api.v1.TaskAssignment;
import borgcell.api.v1.raft.Command;
import borgcell.api.v1.raft.RegisterMachineCommand;
import borgcell.cell.Commands;
import borgcell.cell.HeartbeatView;
import borgcell.master.leader.Liveness;
import borgcell.master.raft.PeerAddress;
import borgcell.master.raft.RaftReplica;
import com.google.protobuf.Any;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The Borglets' side of the master. Registration is a Raft write from any replica. Heartbeats
 * are the leader's business: liveness stays in its memory, and of each heartbeat's reports
 * only the changes become one Raft command, so a quiet cell writes nothing.
 */
public final class MachineLinkImpl extends MachineLinkGrpc.MachineLinkImplBase {
    private static final int MAX_ID = 63;
    private final RaftReplica replica;
    private final Liveness liveness;
    private final Clock clock;
    private final Commands commands;
    private final Duration heartbeatInterval;

    public MachineLinkImpl(RaftReplica replica, Liveness liveness, Clock clock, Commands commands, Duration heartbeatInterval) {
        this.replica = replica;
        this.liveness = liveness;
        this.clock = clock;
        this.commands = commands;
        this.heartbeatInterval = heartbeatInterval;
    }

    @Override
    public void register(RegisterRequest request, StreamObserver<RegisterResponse> out) {
        if (request.getMachineId().isBlank() || request.getMachineId().length() > MAX_ID) {
            out.onError(Status.INVALID_ARGUMENT.withDescription("machine_id: must be 1-" + MAX_ID + " characters")
                    .asRuntimeException());
            return;
        }
        Command command = commands.registerMachine(RegisterMachineCommand.newBuilder()
                .setMachineId(request.getMachineId()).setAddress(request.getAddress())
                .setHttpAddress(request.getHttpAddress())
                .setCapacity(request.getCapacity()).putAllAttributes(request.getAttributesMap())
                .addAllRuntimes(request.getRuntimesList()).build());
        Answers.commandThen(replica.propose(command), out, r -> {
            liveness.heartbeat(request.getMachineId(), clock.millis());
            out.onNext(RegisterResponse.newBuilder().setMachine(r.getMachine())
                    .setHeartbeatIntervalMillis(heartbeatInterval.toMillis()).build());
            out.onCompleted();
        });
    }

    @Override
    public void heartbeat(HeartbeatRequest request, StreamObserver<HeartbeatResponse> out) {
        if (!replica.isLeader()) {
            out.onError(notLeader());
            return;
        }
        String machineId = request.getMachineId();
        HeartbeatView view;
        try {
            // One read of the cell: the machine, what the reports change, what it should run.
            view = replica.stateMachine().read(c -> c.heartbeat(machineId, request.getTasksList()));
        } catch (RuntimeException e) {
            Statuses.fail(out, e);
            return;
        }
        liveness.heartbeat(machineId, clock.millis());
        CompletableFuture<?> writes = CompletableFuture.completedFuture(null);
        if (view.machine().getState() == MachineState.DOWN) {
            writes = replica.propose(commands.setMachineState(machineId, MachineState.UP, "heartbeats resumed"));
        }
        if (!view.changes().isEmpty()) {
            Command batch = commands.taskStatus(machineId, view.changes());
            writes = writes.thenCompose(x -> replica.propose(batch));
        }
        boolean wrote = view.machine().getState() == MachineState.DOWN || !view.changes().isEmpty();
        writes.whenComplete((x, t) -> {
            if (t != null) {
                Statuses.fail(out, t);
                return;
            }
            // After a write the desired set is read again: what just ended is no longer wanted there.
            List<TaskAssignment> desired = wrote ? replica.stateMachine().read(c -> c.desiredFor(machineId)) : view.desired();
            out.onNext(HeartbeatResponse.newBuilder().addAllDesired(desired)
                    .setHeartbeatIntervalMillis(heartbeatInterval.toMillis()).build());
            out.onCompleted();
        });
    }

    /**
     * FAILED_PRECONDITION for a heartbeat that reached a follower: a sentence for people, and
     * the leader's address as a {@link NotLeader} detail for the Borglet.
     */
    private StatusRuntimeException notLeader() {
        String leader = replica.leaderId().map(id -> replica.config().peer(id)).map(PeerAddress::grpcAddress).orElse("");
        String message = "not the leader; " + (leader.isEmpty() ? "no leader is known yet" : "leader is " + leader);
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(Status.Code.FAILED_PRECONDITION.value()).setMessage(message)
                .addDetails(Any.pack(NotLeader.newBuilder().setLeaderAddress(leader).build())).build());
    }
}
