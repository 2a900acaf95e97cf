package borgcell.master.api;

import borgcell.api.v1.HeartbeatRequest;
import borgcell.api.v1.HeartbeatResponse;
import borgcell.api.v1.MachineLinkGrpc;
import borgcell.api.v1.NotLeader;
import borgcell.api.v1.RegisterRequest;
import borgcell.api.v1.RegisterResponse;
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
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;

/**
 * The Borglets' side of the master. Registration is a Raft write from any replica. Heartbeats
 * are the leader's business: liveness stays in its memory; of each heartbeat's reports only
 * the changes become one Raft command, proposed without the answer waiting for it
 * ({@link HeartbeatWrites}), so a quiet cell writes nothing; and the answer carries only what
 * changed in the machine's desired set since the version the Borglet names
 * ({@link DesiredSetAnswers}). A heartbeat costs what its machine holds, never the cell's size.
 */
public final class MachineLinkImpl extends MachineLinkGrpc.MachineLinkImplBase implements AutoCloseable {
    private static final int MAX_ID = 63;
    private final RaftReplica replica;
    private final Liveness liveness;
    private final Clock clock;
    private final Commands commands;
    private final Duration heartbeatInterval;
    private final DesiredSetAnswers answers = new DesiredSetAnswers();
    private final HeartbeatWrites writes;
    private final Counter fullAnswers;
    private final Counter changeAnswers;
    private final Counter unchangedAnswers;

    public MachineLinkImpl(RaftReplica replica, Liveness liveness, Clock clock, Commands commands, Duration heartbeatInterval,
                           MeterRegistry registry) {
        this.replica = replica;
        this.liveness = liveness;
        this.clock = clock;
        this.commands = commands;
        this.heartbeatInterval = heartbeatInterval;
        this.writes = new HeartbeatWrites(replica, commands);
        this.fullAnswers = answerCounter(registry, "full");
        this.changeAnswers = answerCounter(registry, "changes");
        this.unchangedAnswers = answerCounter(registry, "unchanged");
    }

    private static Counter answerCounter(MeterRegistry registry, String kind) {
        return Counter.builder("borg.heartbeat.answers").tag("desired", kind)
                .description("Heartbeats the leader answered, by what they carried of the desired set: the whole"
                        + " set, the changes since the Borglet's version, or nothing (unchanged)")
                .register(registry);
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
            answers.forget();
            out.onError(notLeader());
            return;
        }
        String machineId = request.getMachineId();
        long arrived = clock.millis(); // liveness is when the heartbeat came, however long the read waits for the lock
        HeartbeatView view;
        try {
            // One read of the cell, costing what the machine holds: the machine, what the reports
            // change, what it should run and the version of that set.
            view = replica.stateMachine().read(c -> c.heartbeat(machineId, request.getTasksList()));
        } catch (RuntimeException e) {
            Statuses.fail(out, e);
            return;
        }
        liveness.heartbeat(machineId, arrived);
        writes.proposeChanges(machineId, view);
        HeartbeatResponse answer = answers.answer(machineId, request.getDesiredVersion(), view.desiredVersion(),
                view.desired()).setHeartbeatIntervalMillis(heartbeatInterval.toMillis()).build();
        counted(answer).increment();
        out.onNext(answer);
        out.onCompleted();
    }

    private Counter counted(HeartbeatResponse answer) {
        if (answer.getFull()) {
            return fullAnswers;
        }
        return answer.getDesiredCount() + answer.getRemovedCount() == 0 ? unchangedAnswers : changeAnswers;
    }

    @Override
    public void close() {
        writes.close();
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
