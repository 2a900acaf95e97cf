package borgcell.scheduler.scoring;

import borgcell.scheduler.MachineView;
import borgcell.scheduler.PassContext;
import borgcell.scheduler.TaskRequest;

/**
 * Prefers failure domains (values of the job's spread attribute, such as zone) holding fewer
 * of the job's tasks: {@code 1 / (1 + tasks already there)}. Unlike a per-domain limit it
 * never leaves a task pending; it only leans. 0 for a task that asks for no spreading.
 */
public final class SpreadOverDomains implements Scorer {

    @Override
    public double score(TaskRequest task, MachineView machine) {
        return score(task, machine, PassContext.EMPTY);
    }

    @Override
    public double score(TaskRequest task, MachineView machine, PassContext pass) {
        String attribute = task.rules().spreadAttribute();
        if (attribute == null) {
            return 0;
        }
        return 1.0 / (1 + pass.tasksOfJobInDomain(task.job(), attribute, machine));
    }

    @Override
    public boolean readsThePass(TaskRequest task) {
        return task.rules().spreadAttribute() != null;
    }
}
