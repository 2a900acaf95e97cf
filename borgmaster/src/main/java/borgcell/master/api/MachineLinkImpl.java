package borgcell.master.api;

import borgcell.api.v1.HeartbeatRequest;
import borgcell.api.v1.HeartbeatResponse;
import borgcell.api.v1.Machine;
import borgcell.api.v1.MachineLinkGrpc;
import borgcell.api.v1.MachineState;
import borgcell.api.v1.NotLeader;
import borgcell.api.v1.RegisterRequest;
import borgcell.api.v1.RegisterResponse;
import borgcell.api.v1.Task;
import borgcell.api.v1.TaskReport;
import borgcell.api.v1.TaskState;
import borgcell.api.v1.raft.Command;
import borgcell.api.v1.raft.RegisterMachineCommand;
import borgcell.cell.Cell;
import borgcell.cell.Commands;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
        List<TaskReport> changes;
        Machine machine;
        try {
            machine = replica.stateMachine().read(c -> c.machine(machineId)).orElseThrow(() ->
                    Status.NOT_FOUND.withDescription("machine \"" + machineId + "\" is not registered; register first")
                            .asRuntimeException());
            changes = replica.stateMachine().read(c -> changedReports(c, machineId, request.getTasksList()));
        } catch (StatusRuntimeException e) {
            out.onError(e);
            return;
        }
        long now = clock.millis();
        liveness.heartbeat(machineId, now);
        CompletableFuture<?> writes = CompletableFuture.completedFuture(null);
        if (machine.getState() == MachineState.DOWN) {
            writes = replica.propose(commands.setMachineState(machineId, MachineState.UP, "heartbeats resumed"));
        }
        if (!changes.isEmpty()) {
            Command batch = commands.taskStatus(machineId, changes);
            writes = writes.thenCompose(x -> replica.propose(batch));
        }
        writes.whenComplete((x, t) -> {
            if (t != null) {
                Statuses.fail(out, t);
                return;
            }
            out.onNext(HeartbeatResponse.newBuilder()
                    .addAllDesired(replica.stateMachine().read(c -> c.desiredFor(machineId)))
                    .setHeartbeatIntervalMillis(heartbeatInterval.toMillis())
                    .build());
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

    /**
     * The reports that change something the cell holds. A report of a task the cell never gave
     * to this machine is refused whole (nothing is written); a stale one (an older placement)
     * is simply not a change: the desired set in the answer tells the Borglet to drop it.
     */
    static List<TaskReport> changedReports(Cell cell, String machineId, List<TaskReport> reports) {
        List<TaskReport> changes = new ArrayList<>();
        for (int i = 0; i < reports.size(); i++) {
            TaskReport r = reports.get(i);
            String name = r.getJob() + "/" + r.getIndex();
            if (r.getState() != TaskState.RUNNING && !Cell.isTerminal(r.getState())) {
                throw Status.INVALID_ARGUMENT.withDescription("tasks[" + i + "].state: must be RUNNING, SUCCEEDED, "
                        + "FAILED, KILLED or LOST (got " + r.getState() + " for task " + name + ")").asRuntimeException();
            }
            Optional<Task> known = cell.task(r.getJob(), r.getIndex());
            if (known.isEmpty() || r.getAttempt() < 1 || r.getAttempt() > known.get().getAttempt()) {
                throw Status.NOT_FOUND.withDescription("task " + name + " attempt " + r.getAttempt()
                        + " was never given to machine \"" + machineId + "\"").asRuntimeException();
            }
            Task t = known.get();
            boolean current = Cell.isPlaced(t.getState()) && t.getMachineId().equals(machineId)
                    && t.getAttempt() == r.getAttempt();
            if (current && (t.getState() != r.getState() || t.getRestarts() != r.getRestarts())) {
                changes.add(r);
            }
        }
        return changes;
    }
}
