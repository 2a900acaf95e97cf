package borgcell.master.leader;

import borgcell.api.v1.MachineState;
import borgcell.api.v1.raft.AssignTasksCommand;
import borgcell.api.v1.raft.CommandResult;
import borgcell.cell.Cell;
import borgcell.cell.Commands;
import borgcell.cell.JobPlanner;
import borgcell.cell.SchedulingPass;
import borgcell.master.metrics.LeaderMetrics;
import borgcell.master.raft.RaftReplica;
import borgcell.scheduler.PassResult;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What only the leader does, on one thread, on a tick: declare silent machines down, and run a
 * scheduling pass over the pending tasks. Each outcome is one Raft command (one per pass, not
 * one per task), and the pass waits for it to apply so the next pass reads what it wrote.
 */
public final class LeaderDuties implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LeaderDuties.class);
    /** About 250 KB of command, a few milliseconds of apply. */
    static final int MAX_ASSIGNMENTS_PER_COMMAND = 5_000;

    private final RaftReplica replica;
    private final Liveness liveness;
    private final Clock clock;
    private final Commands commands;
    private final Duration heartbeatInterval;
    private final int missedHeartbeatsForDown;
    private final ScheduledExecutorService tick;
    private final StallWatch stalls;
    private final LeaderMetrics metrics;
    private final AtomicLong placed = new AtomicLong();
    /** The pass, its parked tasks and seed: only the tick thread touches it (plans get a copy made there). */
    private final SchedulingPass pass = new SchedulingPass();
    /**
     * Silence is checked every this many ticks: a quarter of a heartbeat interval is fine enough
     * for a limit of several intervals, and a check reads every machine.
     */
    private final long livenessEvery;
    private long ticks; // only the tick thread touches it

    public LeaderDuties(RaftReplica replica, Liveness liveness, Clock clock, Commands commands, Duration heartbeatInterval,
                        int missedHeartbeatsForDown, Duration schedulerInterval, LeaderMetrics metrics) {
        this.replica = replica;
        this.metrics = metrics;
        this.liveness = liveness;
        this.clock = clock;
        this.commands = commands;
        this.heartbeatInterval = heartbeatInterval;
        this.missedHeartbeatsForDown = missedHeartbeatsForDown;
        this.livenessEvery = Math.max(1, heartbeatInterval.toMillis() / 4 / Math.max(1, schedulerInterval.toMillis()));
        this.tick = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "leader-duties-" + replica.config().id());
            t.setDaemon(true);
            return t;
        });
        this.stalls = new StallWatch("stall-watch-" + replica.config().id(), late -> {
            log.info("this replica stood still for {} ms; machines get that long more before they count as silent", late);
            liveness.forgive(late, clock.millis());
        });
        tick.scheduleWithFixedDelay(this::runOnce, schedulerInterval.toMillis(), schedulerInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void runOnce() {
        try {
            if (!replica.isLeader()) {
                liveness.onNotLeader();
                metrics.notLeader();
                pass.newTerm();
                return;
            }
            if (ticks++ % livenessEvery == 0) {
                long now = clock.millis();
                // Ids and states only: the check must not copy every machine of a large cell.
                Map<String, MachineState> machines = replica.stateMachine().read(Cell::machineStates);
                liveness.onLeaderTick(replica.term(), machines.keySet(), now);
                markSilentMachinesDown(machines, now);
            }
            actOnDeadlines();
            schedulePending();
        } catch (RuntimeException e) {
            log.warn("leader tick failed: {}", e.toString());
        }
    }

    private void markSilentMachinesDown(Map<String, MachineState> machines, long now) {
        long limit = heartbeatInterval.toMillis() * missedHeartbeatsForDown;
        List<String> watched = new ArrayList<>(machines.size());
        for (var m : machines.entrySet()) {
            String id = m.getKey();
            if (m.getValue() == MachineState.DOWN) {
                continue;
            }
            watched.add(id);
            long silence = liveness.silenceMillis(id, now);
            if (silence > limit) {
                log.info("machine {} missed {} heartbeats ({} ms); marking it down", id, missedHeartbeatsForDown, silence);
                replica.propose(commands.setMachineState(id, MachineState.DOWN,
                        "machine " + id + " missed " + missedHeartbeatsForDown + " heartbeats")).join();
                metrics.machineMarkedDown();
            }
        }
        metrics.heartbeatAges(watched, id -> liveness.silenceMillis(id, clock.millis()));
    }

    /**
     * The cell holds deadlines (a rollout that must make progress by a time) but reads no
     * clock: when this leader's clock passes the earliest, it proposes a tick, and the cell acts
     * at the tick's time.
     */
    private void actOnDeadlines() {
        long next = replica.stateMachine().read(Cell::nextDeadline);
        if (next > 0 && clock.millis() >= next) {
            replica.propose(commands.tick()).join();
        }
    }

    private void schedulePending() {
        long started = System.nanoTime();
        // What the tick decides (SchedulingPass, shared with plans): nothing while the cell is as
        // the last pass that placed nothing left it; tasks no machine could take stay parked.
        SchedulingPass.Tick tick = pass.tick(replica.appliedIndex(), replica.stateMachine()::read);
        if (tick.input() != null) {
            metrics.pending(tick.input().pendingByBand());
        }
        PassResult result = tick.result();
        if (result == null) {
            return;
        }
        metrics.passDuration().record(Duration.ofNanos(System.nanoTime() - started));
        metrics.attempts(result.placements().size(), result.unplaced().size());
        if (!tick.placed()) {
            return;
        }
        List<CompletableFuture<CommandResult>> answers = new ArrayList<>();
        for (AssignTasksCommand part : inParts(tick.command())) {
            answers.add(replica.propose(commands.assignTasks(part)));
        }
        for (var answer : answers) {
            placed.addAndGet(answer.join().getAssigned().getApplied());
            metrics.preempted(answer.join().getAssigned().getEvicted());
        }
    }

    /**
     * What a plan needs to predict this leader's next pass: the cell as applied and a copy of
     * the pass (parked tasks, seed, idle index), taken together on the tick thread between two
     * ticks, so never halfway through one, and after the last pass's command applied.
     */
    public CompletableFuture<JobPlanner.Basis> planBasis() {
        try {
            return CompletableFuture.supplyAsync(() -> new JobPlanner.Basis(replica.stateMachine().appliedState(),
                    pass.copy()), tick);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            return CompletableFuture.failedFuture(stopped);
        }
    }

    /**
     * A pass over a large backlog (100,000 tasks submitted at once) places them all: one command
     * would be megabytes, over what Ratis sends in one append, and its apply would hold the
     * cell's lock (and every heartbeat's read) for as long. So it goes as several commands in
     * order, evictions in the first; each entry carries the versions the pass read and is
     * checked against them on apply as before (a placement changes no machine's version).
     */
    static List<AssignTasksCommand> inParts(AssignTasksCommand pass) {
        if (pass.getAssignmentsCount() <= MAX_ASSIGNMENTS_PER_COMMAND) {
            return List.of(pass);
        }
        List<AssignTasksCommand> parts = new ArrayList<>();
        for (int from = 0; from < pass.getAssignmentsCount(); from += MAX_ASSIGNMENTS_PER_COMMAND) {
            int to = Math.min(pass.getAssignmentsCount(), from + MAX_ASSIGNMENTS_PER_COMMAND);
            AssignTasksCommand.Builder part = AssignTasksCommand.newBuilder()
                    .addAllAssignments(pass.getAssignmentsList().subList(from, to));
            if (from == 0) {
                part.addAllEvictions(pass.getEvictionsList());
            }
            parts.add(part.build());
        }
        return parts;
    }

    public long passes() {
        return pass.passes();
    }

    public long placed() {
        return placed.get();
    }

    @Override
    public void close() {
        stalls.close();
        tick.shutdownNow();
    }
}
