package borgcell.master.api;

import borgcell.api.v1.MachineState;
import borgcell.api.v1.raft.Command;
import borgcell.cell.Commands;
import borgcell.cell.HeartbeatView;
import borgcell.master.raft.RaftReplica;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Raft writes a heartbeat calls for (the machine back UP, the reports that changed a task),
 * proposed without the heartbeat waiting for them: its answer depends on no write, so a
 * heartbeat costs the leader one read of what the machine holds, however slow the log is.
 *
 * <p>Reports are level-triggered (every heartbeat repeats them all), so a write that fails,
 * or that is skipped because the machine's previous one is still in flight, is simply
 * proposed again by a later heartbeat. At most one write per machine is in flight: a busy log
 * is not fed the same change once per heartbeat while it catches up. Proposals are made on a
 * thread of their own: the Raft client blocks its caller once too many requests are
 * outstanding, and that caller must not be the thread answering a heartbeat.
 */
final class HeartbeatWrites {
    private static final Logger log = LoggerFactory.getLogger(HeartbeatWrites.class);

    private final RaftReplica replica;
    private final Commands commands;
    private final Map<String, CompletableFuture<?>> inFlight = new ConcurrentHashMap<>();
    private final ExecutorService proposer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "heartbeat-writes");
        t.setDaemon(true);
        return t;
    });

    HeartbeatWrites(RaftReplica replica, Commands commands) {
        this.replica = replica;
        this.commands = commands;
    }

    /** Proposes what this heartbeat changed, unless nothing did or the machine's last write is still on its way. */
    void proposeChanges(String machineId, HeartbeatView view) {
        boolean down = view.machine().getState() == MachineState.DOWN;
        if (!down && view.changes().isEmpty()) {
            return;
        }
        CompletableFuture<Void> claim = new CompletableFuture<>();
        if (inFlight.putIfAbsent(machineId, claim) != null) {
            return;
        }
        CompletableFuture<?> writes = CompletableFuture.completedFuture(null);
        if (down) {
            writes = propose(commands.setMachineState(machineId, MachineState.UP, "heartbeats resumed"));
        }
        if (!view.changes().isEmpty()) {
            Command batch = commands.taskStatus(machineId, view.changes());
            writes = writes.thenCompose(x -> propose(batch));
        }
        writes.whenComplete((x, failure) -> {
            inFlight.remove(machineId, claim);
            claim.complete(null);
            if (failure != null) {
                log.debug("machine {}: heartbeat write failed ({}); the next heartbeat reports again", machineId,
                        failure.toString());
            }
        });
    }

    /** Proposes on the proposer's thread; completes when the command has been applied. */
    private CompletableFuture<?> propose(Command command) {
        try {
            return CompletableFuture.supplyAsync(() -> replica.propose(command), proposer).thenCompose(f -> f);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e); // closing
        }
    }

    /** Machines whose write is on its way (for tests). */
    int inFlight() {
        return inFlight.size();
    }

    void close() {
        proposer.shutdownNow();
    }
}
