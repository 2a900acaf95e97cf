package borgcell.scheduler.scoring;

import borgcell.scheduler.MachineView;
import borgcell.scheduler.SoftConstraint;
import borgcell.scheduler.TaskRequest;
import java.util.List;

/**
 * The weighted share of the task's soft constraints the machine meets: 1 when it meets all,
 * 0 when none (or when the task has none, so tasks without preferences score as before).
 */
public final class SoftConstraints implements Scorer {

    @Override
    public double score(TaskRequest task, MachineView machine) {
        List<SoftConstraint> preferences = task.rules().preferences();
        if (preferences.isEmpty()) {
            return 0;
        }
        double met = 0;
        double total = 0;
        for (int i = 0; i < preferences.size(); i++) {
            SoftConstraint p = preferences.get(i);
            total += p.weight();
            if (p.constraint().holdsOn(machine.attributes())) {
                met += p.weight();
            }
        }
        return met / total;
    }
}
