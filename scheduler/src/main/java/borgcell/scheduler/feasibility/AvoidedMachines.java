package borgcell.scheduler.feasibility;

import borgcell.scheduler.MachineView;
import borgcell.scheduler.TaskRequest;
import java.util.Optional;

/**
 * Rejects the machines the task used up its restarts on (Borg's crash-looping task::machine
 * pairs): whatever made it fail there (a bad disk, a missing library, a port held by something
 * else) is most likely still there, so the task is placed elsewhere or stays pending.
 */
public final class AvoidedMachines implements Feasibility {

    public record FailedThereBefore() implements Rejection {
        @Override
        public String reason() {
            // Counted as "0/3 machines fit: 3 where the task failed before".
            return "where the task failed before";
        }
    }

    private static final Optional<Rejection> REJECTED = Optional.of(new FailedThereBefore());

    @Override
    public Optional<Rejection> check(TaskRequest task, MachineView machine) {
        // Most tasks avoid nothing: the empty check costs no hashing.
        return task.avoidMachines().isEmpty() || !task.avoidMachines().contains(machine.id()) ? Optional.empty() : REJECTED;
    }

    @Override
    public boolean fixedForThePass() {
        return true;
    }
}
