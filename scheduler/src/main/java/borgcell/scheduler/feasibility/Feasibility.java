package borgcell.scheduler.feasibility;

import borgcell.scheduler.MachineView;
import borgcell.scheduler.PassContext;
import borgcell.scheduler.TaskRequest;
import java.util.Optional;

/**
 * One feasibility check (Nomad's FeasibilityChecker, Kubernetes' Filter plugin). It must be
 * pure: the same task, machine and pass context always give the same answer.
 */
@FunctionalInterface
public interface Feasibility {

    /** Empty when the machine can take the task as far as this check is concerned, else why not. */
    Optional<Rejection> check(TaskRequest task, MachineView machine);

    /** The same, for checks that read what the pass has placed so far; most do not. */
    default Optional<Rejection> check(TaskRequest task, MachineView machine, PassContext pass) {
        return check(task, machine);
    }

    /**
     * True when the answer depends only on the task's requirements and the machine's state and
     * attributes, never on its allocation or on the pass: then it holds for a whole equivalence
     * class for the whole pass, and is worked out once per class and machine. False, the safe
     * answer, makes the check run every time.
     */
    default boolean fixedForThePass() {
        return false;
    }
}
