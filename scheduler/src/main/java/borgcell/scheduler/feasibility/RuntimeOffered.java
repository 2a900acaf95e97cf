package borgcell.scheduler.feasibility;

import borgcell.scheduler.MachineView;
import borgcell.scheduler.TaskRequest;
import java.util.Optional;

/**
 * Rejects machines whose Borglet does not offer the runtime the task asks for (e.g. no KVM, no
 * microvm). A task that names none runs in its machine's default (a container where the
 * Borglet offers them, a process elsewhere), which every machine has.
 */
public final class RuntimeOffered implements Feasibility {

    /** Whether a machine offering {@code offered} can run a task asking for {@code wanted} (empty: its default). */
    public static boolean offers(java.util.Collection<String> offered, String wanted) {
        return wanted.isEmpty() || offered.contains(wanted);
    }

    public record NotOffered(String runtime) implements Rejection {
        @Override
        public String reason() {
            return "runtime " + runtime + " not offered";
        }
    }

    @Override
    public Optional<Rejection> check(TaskRequest task, MachineView machine) {
        return offers(machine.runtimes(), task.runtime())
                ? Optional.empty()
                : Optional.of(new NotOffered(task.runtime()));
    }

    @Override
    public boolean fixedForThePass() {
        return true;
    }
}
