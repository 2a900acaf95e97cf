package borgcell.scheduler.scoring;

import borgcell.scheduler.MachineView;
import borgcell.scheduler.TaskRequest;

/**
 * Prefers the machine left with the most free cpu and ram: spreads load, leaving headroom on
 * every machine for tasks that grow.
 */
public final class WorstFit implements Scorer {

    @Override
    public double score(TaskRequest task, MachineView machine) {
        return FreeShareAfterPlacement.of(task, machine);
    }

    @Override
    public MachinePreference prefers() {
        return MachinePreference.EMPTIER;
    }
}
