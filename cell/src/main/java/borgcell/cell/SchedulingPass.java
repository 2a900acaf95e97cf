package borgcell.cell;

import borgcell.api.v1.raft.AssignTasksCommand;
import borgcell.scheduler.PassResult;
import borgcell.scheduler.Pipeline;
import borgcell.scheduler.Scheduler;
import borgcell.scheduler.SchedulerSettings;
import borgcell.scheduler.ScoringPolicy;
import java.util.List;
import java.util.Map;

/**
 * A scheduling pass exactly as the BorgMaster leader runs one: the standard pipeline with best
 * fit, the scaled search (equivalence classes, relaxed randomization) with preemption, seeded
 * by the pass's number, over the pending tasks it has not parked ({@link ParkedTasks}). The
 * leader's tick runs it against the live cell; a plan ({@link JobPlanner}) runs a {@link #copy}
 * against a copy of the cell with the planned job in it. One place, so that what a plan says
 * and what the leader then does cannot drift apart.
 *
 * <p>Its state (the number of passes run, whose next one seeds the next pass; the parked tasks;
 * the index at which it went idle) is the leader's memory, not the log: one per leader, started
 * afresh in each term.
 * Not thread-safe: one thread runs it (the leader's tick), and copies are taken on that thread
 * between passes.
 */
public final class SchedulingPass {
    /** Stateless (so shared): the checks and scorers keep nothing between calls. */
    private static final Pipeline PIPELINE = Pipeline.standard(ScoringPolicy.BEST_FIT);

    /**
     * What one tick decided at the cell's applied index: {@code input} is null when the tick
     * skipped reading (the last pass at this index placed nothing: the same input gives the same
     * answer); {@code result} is null when no pass ran (nothing pending, or all of it parked).
     */
    public record Tick(SchedulerInput input, PassResult result) {
        private static final Tick SKIPPED = new Tick(null, null);
        private static final SchedulerInput NOTHING_PENDING = new SchedulerInput(List.of(), List.of(), List.of(),
                Map.of(), Map.of(), Map.of());

        /** Whether the pass placed something, which its command then records. */
        public boolean placed() {
            return result != null && !result.placements().isEmpty();
        }

        /** The pass as the one command that records it. */
        public AssignTasksCommand command() {
            return input.commandFor(result);
        }
    }

    private ParkedTasks parked;
    /** The machines as the last pass read them: most are unchanged by the next. */
    private final MachineViews machineViews = new MachineViews();
    /** Written by the owning thread only; read by metrics and tests from others. */
    private volatile long passes;
    /** The applied index at which the last pass placed nothing: until the cell changes, no pass is worth running. */
    private long idleAtIndex = -1;

    public SchedulingPass() {
        this(new ParkedTasks(ParkedTasks.FULL_PASS_EVERY), 0, -1);
    }

    private SchedulingPass(ParkedTasks parked, long passes, long idleAtIndex) {
        this.parked = parked;
        this.passes = passes;
        this.idleAtIndex = idleAtIndex;
    }

    /**
     * What the leader does on each tick, with the cell applied up to {@code appliedIndex}:
     * nothing when the last pass at this index placed nothing; a count of pending tasks, without
     * reading every job, when there may be none; else the cell's pending tasks minus the parked
     * ones and, when any is left, a pass over them. Whoever holds the cell applies the result.
     */
    public Tick tick(long appliedIndex, CellReads cell) {
        if (appliedIndex == idleAtIndex) {
            return Tick.SKIPPED;
        }
        // Most ticks of a busy cell follow writes that placed nothing new to schedule (heartbeats
        // reporting tasks RUNNING): a count tells so without reading every job under the lock.
        if (cell.read(Cell::pendingCount) == 0) {
            idleAtIndex = appliedIndex;
            return new Tick(Tick.NOTHING_PENDING, null);
        }
        SchedulerInput input = cell.read(this::read);
        if (input.pending().isEmpty()) {
            idleAtIndex = appliedIndex;
            return new Tick(input, null);
        }
        PassResult result = run(input);
        if (result.placements().isEmpty()) {
            idleAtIndex = appliedIndex;
        }
        return new Tick(input, result);
    }

    /**
     * The cell as the next pass sees it: the machines, what runs on them, and the pending tasks
     * not parked. Reads the cell, so it runs under the cell's lock; {@link #run} then need not.
     */
    SchedulerInput read(Cell cell) {
        return SchedulerInput.from(cell, parked, machineViews);
    }

    /** One pass over what {@link #read} gave, parking the tasks it could not place. */
    PassResult run(SchedulerInput input) {
        // The seed only orders the machines a pass looks at; the command records what it decided.
        long seed = ++passes;
        Scheduler scheduler = new Scheduler(PIPELINE, SchedulerSettings.scaled(seed).withPreemption(true));
        PassResult result = scheduler.schedule(input.machines(), input.running(), input.pending(), input.budgets());
        parked.afterPass(input.pending(), result);
        return result;
    }

    /** A later term starts with every pending task weighed again. */
    public void newTerm() {
        idleAtIndex = -1;
        if (parked.size() > 0) {
            parked = new ParkedTasks(ParkedTasks.FULL_PASS_EVERY);
        }
    }

    /** Passes run so far: the next one is seeded with one more. */
    public long passes() {
        return passes;
    }

    /** A pass that will do what this one's next would, and leaves this one as it is. */
    public SchedulingPass copy() {
        return new SchedulingPass(parked.copy(), passes, idleAtIndex);
    }
}
