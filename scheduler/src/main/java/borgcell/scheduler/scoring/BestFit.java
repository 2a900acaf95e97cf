package borgcell.scheduler.scoring;

import borgcell.scheduler.MachineView;
import borgcell.scheduler.TaskRequest;

/**
 * Prefers the machine left with the least free cpu and ram: packs tasks tightly so that large
 * tasks still find whole empty machines.
 */
public final class BestFit implements Scorer {

    @Override
    public double score(TaskRequest task, MachineView machine) {
        return 1 - FreeShareAfterPlacement.of(task, machine);
    }

    @Override
    public MachinePreference prefers() {
        return MachinePreference.FULLER;
    }
}
