package borgcell.cell;

import borgcell.api.v1.Job;
import borgcell.api.v1.JobPlan;
import borgcell.api.v1.PlannedPlacement;
import borgcell.api.v1.Task;
import borgcell.api.v1.TaskState;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Where tasks are, or would be, as index to machine: what plan-then-apply tests compare. */
public final class Placements {
    private Placements() {}

    /** Where the plan would put the job's tasks. */
    public static Map<Integer, String> planned(JobPlan plan) {
        return plan.getPlacementsList().stream()
                .collect(Collectors.toMap(PlannedPlacement::getIndex, PlannedPlacement::getMachineId, (a, b) -> a, TreeMap::new));
    }

    /** Where the job's tasks are placed (assigned or running). */
    public static Map<Integer, String> placed(Job job) {
        return job.getTasksList().stream().filter(t -> Cell.isPlaced(t.getState()))
                .collect(Collectors.toMap(Task::getIndex, Task::getMachineId, (a, b) -> a, TreeMap::new));
    }

    /** Whom the plan would evict, as {@code "3 preempted by prod/0 (...)"}: task index and the reason it would show. */
    public static List<String> evictions(JobPlan plan) {
        return plan.getEvictionsList().stream().map(e -> e.getIndex() + " " + e.getReason()).toList();
    }

    /** The job's tasks sent back to pending by preemption, in the same words. */
    public static List<String> preempted(Job job) {
        return job.getTasksList().stream()
                .filter(t -> t.getState() == TaskState.PENDING && t.getMessage().startsWith("preempted"))
                .map(t -> t.getIndex() + " " + t.getMessage()).toList();
    }
}
