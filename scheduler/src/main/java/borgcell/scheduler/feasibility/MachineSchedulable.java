package borgcell.scheduler.feasibility;

import borgcell.scheduler.MachineView;
import borgcell.scheduler.TaskRequest;
import java.util.Optional;

/** Rejects machines that are DRAINING or DOWN: they take no new tasks whatever else they offer. */
public final class MachineSchedulable implements Feasibility {

    public record NotSchedulable() implements Rejection {
        @Override
        public String reason() {
            return "not schedulable (draining or down)";
        }
    }

    private static final Optional<Rejection> REJECTED = Optional.of(new NotSchedulable());

    @Override
    public Optional<Rejection> check(TaskRequest task, MachineView machine) {
        return machine.schedulable() ? Optional.empty() : REJECTED;
    }

    @Override
    public boolean fixedForThePass() {
        return true;
    }
}
