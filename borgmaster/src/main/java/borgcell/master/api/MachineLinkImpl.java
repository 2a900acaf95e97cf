package borgcell.master.api;

import borgcell.api.v1.HeartbeatRequest;
import borgcell.api.v1.HeartbeatResponse;
import borgcell.api.v1.MachineLinkGrpc;
import borgcell.api.v1.RegisterRequest;
import borgcell.api.v1.RegisterResponse;
import borgcell.api.v1.raft.Command;
import borgcell.api.v1.raft.RegisterMachineCommand;
import borgcell.cell.Commands;
import borgcell.cell.HeartbeatView;
import borgcell.master.access.Access;
import borgcell.master.leader.Liveness;
import borgcell.master.leader.TaskUsageBoard;
import borgcell.master.raft.RaftReplica;
import borgcell.trust.Action;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Borglets' side of the master. Registration is a Raft write from any replica. Heartbeats
 * are the leader's business: liveness stays in its memory; of each heartbeat's reports only
 * the changes become one Raft command, proposed without the answer waiting for it
 * ({@link HeartbeatWrites}), so a quiet cell writes nothing; and the answer carries only what
 * changed in the machine's desired set since the version the Borglet names
 * ({@link DesiredSetAnswers}); usage, reported as changes too, stays in the leader's memory
 * ({@link TaskUsageBoard}). A heartbeat costs what its machine holds, never the cell's size;
 * heartbeats are taken in {@link Batches}, one read of the cell per batch, on one thread.
 */
public final class MachineLinkImpl extends MachineLinkGrpc.MachineLinkImplBase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MachineLinkImpl.class);
    private static final int MAX_ID = 63;
    /** Heartbeats read under one hold of the cell's read lock: well under a millisecond of reading. */
    private static final int MAX_BATCH = 256;
    private final RaftReplica replica;
    private final Access access;
    private final Liveness liveness;
    private final Clock clock;
    private final Commands commands;
    private final Duration heartbeatInterval;
    private final DesiredSetAnswers answers = new DesiredSetAnswers();
    private final TaskUsageBoard usage;
    private final HeartbeatWrites writes;
    private final Batches<Arrived> heartbeats;
    private final Counter fullAnswers;
    private final Counter changeAnswers;
    private final Counter unchangedAnswers;

    public MachineLinkImpl(RaftReplica replica, Liveness liveness, TaskUsageBoard usage, Clock clock, Commands commands,
                           Duration heartbeatInterval, Access access, MeterRegistry registry) {
        this.replica = replica;
        this.access = access;
        this.usage = usage;
        this.liveness = liveness;
        this.clock = clock;
        this.commands = commands;
        this.heartbeatInterval = heartbeatInterval;
        this.writes = new HeartbeatWrites(replica, commands);
        this.heartbeats = new Batches<>("heartbeats-" + replica.config().id(), MAX_BATCH, this::answer);
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
        if (!Permits.permitted(access, Action.LINK_MACHINE, "machine " + request.getMachineId(), request.getMachineId(), out)) {
            return;
        }
        if (replica.isLeader()) {
            // A Borglet that registers is alive, however long its write then takes: one whose
            // earlier registration was applied but answered too late to reach it is registering
            // again, not silent.
            liveness.heartbeat(request.getMachineId(), clock.millis());
        }
        Command command = commands.registerMachine(RegisterMachineCommand.newBuilder()
                .setMachineId(request.getMachineId()).setAddress(request.getAddress())
                .setHttpAddress(request.getHttpAddress())
                .setCapacity(request.getCapacity()).putAllAttributes(request.getAttributesMap())
                .setPortRangeFirst(request.getPortRangeFirst()).setPortRangeLast(request.getPortRangeLast())
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
        // A machine hears the argv and env of every task placed on it: it heartbeats as itself only.
        if (!Permits.permitted(access, Action.LINK_MACHINE, "machine " + request.getMachineId(), request.getMachineId(), out)) {
            return;
        }
        if (!replica.isLeader()) {
            answers.forget();
            usage.forget();
            out.onError(Statuses.notLeader(replica));
            return;
        }
        String badUsage = TaskUsageBoard.problemWith(request);
        if (badUsage != null) {
            out.onError(Status.INVALID_ARGUMENT.withDescription(badUsage).asRuntimeException());
            return;
        }
        // Liveness is when the heartbeat came, noted now: however long it then waits for its batch,
        // even if its Borglet stops waiting for the answer, the machine has spoken.
        liveness.heartbeat(request.getMachineId(), clock.millis());
        heartbeats.add(new Arrived(request, out));
    }

    /** A heartbeat waiting for its batch. */
    private record Arrived(HeartbeatRequest request, StreamObserver<HeartbeatResponse> out) {
        boolean cancelled() {
            return out instanceof ServerCallStreamObserver<?> call && call.isCancelled();
        }
    }

    /** What one heartbeat's read gave: the view, or why there is none. */
    private record Read(Arrived heartbeat, HeartbeatView view, RuntimeException refusal) {}

    /**
     * A batch of heartbeats: one read of the cell for all of them (each costs what its machine
     * holds), then, outside the lock, the writes they call for, and the answers.
     */
    private void answer(List<Arrived> batch) {
        if (!replica.isLeader()) {
            answers.forget();
            usage.forget();
            batch.forEach(h -> h.out().onError(Statuses.notLeader(replica)));
            return;
        }
        List<Read> reads;
        try {
            reads = replica.stateMachine().read(c -> {
                List<Read> out = new ArrayList<>(batch.size());
                for (Arrived h : batch) {
                    if (h.cancelled()) {
                        continue; // its Borglet gave up waiting; it has sent another by now
                    }
                    try {
                        HeartbeatRequest request = h.request();
                        String machineId = request.getMachineId();
                        out.add(new Read(h, c.heartbeat(machineId, request.getTasksList(),
                                version -> answers.needsDesired(machineId, request.getDesiredVersion(), version)), null));
                    } catch (RuntimeException refused) {
                        out.add(new Read(h, null, refused));
                    }
                }
                return out;
            });
        } catch (RuntimeException e) {
            batch.forEach(h -> Statuses.fail(h.out(), e));
            return;
        }
        long term = replica.term();
        for (Read read : reads) {
            StreamObserver<HeartbeatResponse> out = read.heartbeat().out();
            try {
                if (read.refusal() != null) {
                    Statuses.fail(out, read.refusal());
                    continue;
                }
                HeartbeatRequest request = read.heartbeat().request();
                String machineId = request.getMachineId();
                HeartbeatView view = read.view();
                writes.proposeChanges(machineId, view);
                HeartbeatResponse answer = answers.answer(machineId, request.getDesiredVersion(),
                        view.desiredVersion(), view.desired()).setHeartbeatIntervalMillis(heartbeatInterval.toMillis())
                        .setUsageWanted(usage.take(term, request)).build();
                counted(answer).increment();
                out.onNext(answer);
                out.onCompleted();
            } catch (RuntimeException e) {
                // A call the Borglet has just cancelled refuses its answer; the others still get theirs.
                log.debug("answering a heartbeat failed: {}", e.toString());
            }
        }
    }

    private Counter counted(HeartbeatResponse answer) {
        if (answer.getFull()) {
            return fullAnswers;
        }
        return answer.getDesiredCount() + answer.getRemovedCount() == 0 ? unchangedAnswers : changeAnswers;
    }

    @Override
    public void close() {
        heartbeats.close();
        writes.close();
    }
}
