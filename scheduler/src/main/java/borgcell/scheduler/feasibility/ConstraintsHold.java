package borgcell.scheduler.feasibility;

import borgcell.scheduler.Constraint;
import borgcell.scheduler.MachineView;
import borgcell.scheduler.TaskRequest;
import java.util.Optional;

/** Rejects machines whose attributes break one of the task's hard constraints, naming the first one broken. */
public final class ConstraintsHold implements Feasibility {

    public record NotMet(Constraint constraint) implements Rejection {
        @Override
        public String reason() {
            return "constraint " + constraint.describe() + " not met";
        }
    }

    @Override
    public Optional<Rejection> check(TaskRequest task, MachineView machine) {
        for (Constraint c : task.constraints()) {
            if (!c.holdsOn(machine.attributes())) {
                return Optional.of(new NotMet(c));
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean fixedForThePass() {
        return true;
    }
}
