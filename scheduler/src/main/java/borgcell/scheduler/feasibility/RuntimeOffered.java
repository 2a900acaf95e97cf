package borgcell.scheduler.feasibility;

import borgcell.scheduler.MachineView;
import borgcell.scheduler.TaskRequest;
import java.util.Optional;

/** Rejects machines whose Borglet does not offer the runtime the task asks for (e.g. no KVM, no microvm). */
public final class RuntimeOffered implements Feasibility {

    public record NotOffered(String runtime) implements Rejection {
        @Override
        public String reason() {
            return "runtime " + runtime + " not offered";
        }
    }

    @Override
    public Optional<Rejection> check(TaskRequest task, MachineView machine) {
        return machine.runtimes().contains(task.runtime())
                ? Optional.empty()
                : Optional.of(new NotOffered(task.runtime()));
    }

    @Override
    public boolean fixedForThePass() {
        return true;
    }
}
