package borgcell.scheduler.feasibility;

import borgcell.scheduler.MachineView;
import borgcell.scheduler.PassContext;
import borgcell.scheduler.TaskRequest;
import java.util.Optional;

/**
 * Rejects a machine whose failure domain (its rack, say) already holds as many of the job's
 * tasks as the job allows per domain: a rack switch failing must not take many replicas.
 */
public final class TasksPerDomainLimit implements Feasibility {

    public record TooManyInDomain(String attribute, int limit) implements Rejection {
        @Override
        public String reason() {
            return "job already has " + limit + " task(s) in the " + attribute;
        }
    }

    @Override
    public Optional<Rejection> check(TaskRequest task, MachineView machine) {
        return check(task, machine, PassContext.EMPTY);
    }

    @Override
    public Optional<Rejection> check(TaskRequest task, MachineView machine, PassContext pass) {
        int limit = task.rules().maxPerDomain();
        String attribute = task.rules().domainAttribute();
        if (limit == 0 || pass.tasksOfJobInDomain(task.job(), attribute, machine) < limit) {
            return Optional.empty();
        }
        return Optional.of(new TooManyInDomain(attribute, limit));
    }
}
