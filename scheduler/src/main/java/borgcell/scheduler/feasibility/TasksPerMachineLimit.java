package borgcell.scheduler.feasibility;

import borgcell.scheduler.MachineView;
import borgcell.scheduler.PassContext;
import borgcell.scheduler.TaskRequest;
import java.util.Optional;

/**
 * Rejects a machine that already holds as many of the job's tasks as the job allows per
 * machine (anti-affinity: losing one machine must not take many replicas with it).
 */
public final class TasksPerMachineLimit implements Feasibility {

    public record TooManyOnMachine(int limit) implements Rejection {
        @Override
        public String reason() {
            return "job already has " + limit + " task(s) on the machine";
        }
    }

    @Override
    public Optional<Rejection> check(TaskRequest task, MachineView machine) {
        return check(task, machine, PassContext.EMPTY);
    }

    @Override
    public Optional<Rejection> check(TaskRequest task, MachineView machine, PassContext pass) {
        int limit = task.rules().maxPerMachine();
        if (limit == 0 || pass.tasksOfJobOnMachine(task.job(), machine) < limit) {
            return Optional.empty();
        }
        return Optional.of(new TooManyOnMachine(limit));
    }
}
