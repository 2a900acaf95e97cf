package borgcell.scheduler.scoring;

import borgcell.scheduler.MachineView;
import borgcell.scheduler.TaskRequest;

/**
 * The share of a machine left free once the task is placed: the mean of the free cpu and free
 * ram fractions of capacity, in [0, 1]. Cpu and ram only, as in Borg's E-PVM: they are what
 * runs out; disk and ports rarely decide a placement.
 */
final class FreeShareAfterPlacement {

    private FreeShareAfterPlacement() {
    }

    static double of(TaskRequest task, MachineView machine) {
        return (cpu(task, machine) + ram(task, machine)) / 2;
    }

    static double cpu(TaskRequest task, MachineView machine) {
        return fraction(machine.capacity().cpuMillis() - machine.allocated().cpuMillis()
                - task.demand().cpuMillis(), machine.capacity().cpuMillis());
    }

    static double ram(TaskRequest task, MachineView machine) {
        return fraction(machine.capacity().ramBytes() - machine.allocated().ramBytes()
                - task.demand().ramBytes(), machine.capacity().ramBytes());
    }

    // A machine with none of a resource has none of it free (and not 0/0 = NaN, which would
    // make every comparison false and the choice depend on list order).
    private static double fraction(long free, long capacity) {
        if (capacity <= 0) {
            return 0;
        }
        return Math.clamp((double) free / capacity, 0.0, 1.0);
    }
}
