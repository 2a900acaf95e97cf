package borgcell.scheduler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Runs scheduling passes: each pending task, in {@link TaskRequest#SCHEDULING_ORDER}, goes to
 * the best-scoring feasible machine, and what it takes there counts against that machine for
 * the rest of the pass. Deterministic (the same machines in any order and the same tasks give
 * the same result) and stateless between passes, so one instance may serve concurrent callers.
 */
public final class Scheduler {

    private final Pipeline pipeline;

    public Scheduler(ScoringPolicy policy) {
        this(Pipeline.standard(Objects.requireNonNull(policy, "policy")));
    }

    /** A scheduler running a custom pipeline: for tests, the simulator, and parts not yet standard. */
    public Scheduler(Pipeline pipeline) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    }

    /**
     * One pass over the pending tasks.
     *
     * @throws IllegalArgumentException if two machines share an id or two tasks share a job
     *     and index: the pass could not say which one is meant
     */
    public PassResult schedule(List<MachineView> machines, List<TaskRequest> pending) {
        MachineView[] cell = inIdOrder(machines);
        List<TaskRequest> tasks = inSchedulingOrder(pending);

        List<Placement> placements = new ArrayList<>();
        List<Unplaced> unplaced = new ArrayList<>();
        for (TaskRequest task : tasks) {
            int chosen = bestMachine(task, cell);
            if (chosen < 0) {
                unplaced.add(new Unplaced(task.job(), task.index(),
                        PendingReason.explain(pipeline, task, Arrays.asList(cell))));
                continue;
            }
            MachineView machine = cell[chosen];
            placements.add(new Placement(task.job(), task.index(), task.version(),
                    machine.id(), machine.version()));
            // Later tasks in this pass must see the room this one took, or the pass would overbook.
            cell[chosen] = machine.withAllocated(machine.allocated().plus(task.demand()));
        }
        return new PassResult(placements, unplaced);
    }

    /**
     * Index of the highest-scoring feasible machine, or -1. Machines are in id order and only a
     * strictly higher score replaces the best so far, so ties go to the smallest id.
     */
    private int bestMachine(TaskRequest task, MachineView[] cell) {
        int best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < cell.length; i++) {
            if (pipeline.firstRejection(task, cell[i]).isPresent()) {
                continue;
            }
            double score = pipeline.score(task, cell[i]);
            if (best < 0 || score > bestScore) {
                best = i;
                bestScore = score;
            }
        }
        return best;
    }

    private static MachineView[] inIdOrder(List<MachineView> machines) {
        MachineView[] cell = machines.toArray(MachineView[]::new);
        Arrays.sort(cell, Comparator.comparing(MachineView::id));
        for (int i = 1; i < cell.length; i++) {
            if (cell[i].id().equals(cell[i - 1].id())) {
                throw new IllegalArgumentException("machine " + cell[i].id() + " appears twice");
            }
        }
        return cell;
    }

    private static List<TaskRequest> inSchedulingOrder(List<TaskRequest> pending) {
        List<TaskRequest> tasks = new ArrayList<>(pending);
        tasks.sort(TaskRequest.SCHEDULING_ORDER);
        Set<String> seen = new HashSet<>();
        for (TaskRequest task : tasks) {
            if (!seen.add(task.job() + "/" + task.index())) {
                throw new IllegalArgumentException("task " + task.job() + "/" + task.index() + " appears twice");
            }
        }
        return tasks;
    }
}
