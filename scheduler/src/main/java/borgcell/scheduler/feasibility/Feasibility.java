package borgcell.scheduler.feasibility;

import borgcell.scheduler.MachineView;
import borgcell.scheduler.TaskRequest;
import java.util.Optional;

/**
 * One feasibility check (Nomad's FeasibilityChecker, Kubernetes' Filter plugin). It must be
 * pure: the same task and machine always give the same answer.
 */
@FunctionalInterface
public interface Feasibility {

    /** Empty when the machine can take the task as far as this check is concerned, else why not. */
    Optional<Rejection> check(TaskRequest task, MachineView machine);
}
