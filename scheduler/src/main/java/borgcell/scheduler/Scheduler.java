package borgcell.scheduler;

import borgcell.scheduler.preemption.DisruptionAllowance;
import borgcell.scheduler.scale.EquivalenceClass;
import borgcell.scheduler.scale.RelaxedRandomization;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Runs scheduling passes. Each pending task, in {@link TaskRequest#SCHEDULING_ORDER}:
 * <ol>
 * <li><b>search</b>: the best-scoring feasible machine ({@link ExhaustiveSearch} or
 *     {@link ScaledSearch}, as the settings say);</li>
 * <li><b>preempt</b>, if no machine takes it as it is: evict lower-band tasks from one machine
 *     ({@link Preemption}); the evictions and the placement are decided together, so no task
 *     is ever evicted for a placement that then does not happen;</li>
 * <li><b>commit</b>: what the task takes counts against the machine for the rest of the pass,
 *     and what victims freed is there for later tasks, so the pass never overbooks;</li>
 * <li>or <b>explain</b> why it stays pending ({@link PendingReason}), once per equivalence
 *     class in a scaled pass.</li>
 * </ol>
 * Deterministic: the same machines, running tasks and pending tasks, in any list order, with
 * the same settings (seed included), give the same result. Stateless between passes, so one
 * instance may serve concurrent callers.
 */
public final class Scheduler {

    private final Pipeline pipeline;
    private final SchedulerSettings settings;

    /** The standard pipeline for the policy, searching exhaustively, as the first scheduler did. */
    public Scheduler(ScoringPolicy policy) {
        this(Pipeline.standard(Objects.requireNonNull(policy, "policy")));
    }

    /** A scheduler running a custom pipeline exhaustively: for tests, the simulator, and parts not yet standard. */
    public Scheduler(Pipeline pipeline) {
        this(pipeline, SchedulerSettings.exhaustive());
    }

    /** A scheduler running the pipeline with the given search settings. */
    public Scheduler(Pipeline pipeline, SchedulerSettings settings) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public Pipeline pipeline() {
        return pipeline;
    }

    public SchedulerSettings settings() {
        return settings;
    }

    /**
     * One pass over the pending tasks of a cell with nothing to preempt. Unplaced reasons are
     * the counts alone ("0/3 machines fit: 3 insufficient ram"), as the first scheduler gave them;
     * {@link PassResult#whyPending()} has the nearest change too.
     *
     * @throws IllegalArgumentException if two machines share an id or two tasks share a job
     *     and index: the pass could not say which one is meant
     */
    public PassResult schedule(List<MachineView> machines, List<TaskRequest> pending) {
        return run(machines, List.of(), pending, false, DisruptionAllowance.UNLIMITED);
    }

    /**
     * One pass over the pending tasks, given the tasks running in the cell (counted in their
     * machines' allocation already). A task that fits nowhere may evict running tasks of lower
     * bands, listed in {@link PassResult#evictions()}. Unplaced reasons end with the nearest
     * change that would fit ("...; would fit now with ram <= 3.5 GiB").
     *
     * @throws IllegalArgumentException if two machines share an id, two tasks share a job and
     *     index, or a running task names a machine not in the list
     */
    public PassResult schedule(List<MachineView> machines, List<PlacedTask> running, List<TaskRequest> pending) {
        return run(machines, running, pending, true, DisruptionAllowance.UNLIMITED);
    }

    /**
     * The same, evicting no more of a job's tasks than {@code budgets} lets it lose: disruption
     * budgets hold against preemption as against drains and updates.
     */
    public PassResult schedule(List<MachineView> machines, List<PlacedTask> running, List<TaskRequest> pending,
                               DisruptionAllowance budgets) {
        return run(machines, running, pending, true, budgets);
    }

    private PassResult run(List<MachineView> machineList, List<PlacedTask> running, List<TaskRequest> pendingList,
                           boolean nearestChangeInReasons, DisruptionAllowance budgets) {
        List<TaskRequest> tasks = inSchedulingOrder(pendingList);
        boolean scaled = settings.mode() == SchedulerSettings.Mode.SCALED;
        PassState cell = new PassState(machineList, running, tasks, scaled);
        EquivalenceClass.Grouping classes = EquivalenceClass.group(tasks);
        RelaxedRandomization randomization = scaled
                ? new RelaxedRandomization(settings.feasibleCandidatesLimit(), settings.seed())
                : null;
        Search search = scaled
                ? new ScaledSearch(pipeline, cell, classes, tasks, randomization)
                : new ExhaustiveSearch(pipeline, cell);
        Preemption preemption = settings.preemption() && !running.isEmpty()
                ? new Preemption(pipeline, cell, randomization, budgets)
                : null;

        List<Placement> placements = new ArrayList<>();
        List<Eviction> evictions = new ArrayList<>();
        List<Unplaced> unplaced = new ArrayList<>();
        WhyPending[] whyOfClass = new WhyPending[classes.classes().size()];
        List<List<TaskId>> pendingOfClass = new ArrayList<>();
        List<Integer> explainedClasses = new ArrayList<>();
        for (int i = 0; i < classes.classes().size(); i++) {
            pendingOfClass.add(null);
        }

        for (int i = 0; i < tasks.size(); i++) {
            TaskRequest task = tasks.get(i);
            int c = classes.classOf()[i];
            int chosen = search.bestMachine(task, c);
            if (chosen < 0 && preemption != null) {
                Optional<Preemption.Option> option = preemption.find(task);
                if (option.isPresent()) {
                    chosen = option.get().machine();
                    for (PlacedTask victim : option.get().victims()) {
                        evictions.add(new Eviction(victim.job(), victim.index(), victim.machineId(), task.job(),
                                task.index(), "preempted by " + task.name() + " (priority " + task.priority()
                                + ", " + task.band().label() + ")"));
                        cell.evict(victim, chosen);
                        budgets.evicted(victim);
                    }
                }
            }
            if (chosen >= 0) {
                MachineView machine = cell.machines[chosen];
                placements.add(new Placement(task.job(), task.index(), task.version(), machine.id(), machine.version()));
                cell.place(task, chosen);
                continue;
            }
            // A scaled pass explains a class once; an exhaustive one explains every task, as the cell is at that moment.
            WhyPending why = whyOfClass[c];
            if (why == null || !scaled) {
                why = PendingReason.explain(pipeline, task, cell.machines, cell);
            }
            if (whyOfClass[c] == null) {
                whyOfClass[c] = why;
                pendingOfClass.set(c, new ArrayList<>());
                explainedClasses.add(c);
            }
            pendingOfClass.get(c).add(new TaskId(task.job(), task.index()));
            unplaced.add(new Unplaced(task.job(), task.index(), nearestChangeInReasons ? why.message() : why.counts()));
        }

        List<WhyPending> whyPending = new ArrayList<>();
        for (int c : explainedClasses) {
            WhyPending w = whyOfClass[c];
            whyPending.add(new WhyPending(pendingOfClass.get(c), w.machines(), w.fit(), w.rejections(), w.nearestChange()));
        }
        return new PassResult(placements, evictions, unplaced, whyPending);
    }

    private static List<TaskRequest> inSchedulingOrder(List<TaskRequest> pending) {
        List<TaskRequest> tasks = new ArrayList<>(pending);
        tasks.sort(TaskRequest.SCHEDULING_ORDER);
        Set<TaskId> seen = new HashSet<>();
        for (TaskRequest task : tasks) {
            if (!seen.add(new TaskId(task.job(), task.index()))) {
                throw new IllegalArgumentException("task " + task.name() + " appears twice");
            }
        }
        return tasks;
    }
}
