package borgcell.scheduler.feasibility;

import borgcell.scheduler.Dimension;
import borgcell.scheduler.MachineView;
import borgcell.scheduler.Resources;
import borgcell.scheduler.TaskRequest;
import java.util.List;
import java.util.Optional;

/**
 * Rejects machines without room for the task's demand in capacity minus allocation,
 * reporting the first dimension that falls short, in {@link Dimension} order.
 */
public final class ResourcesFit implements Feasibility {

    public record Insufficient(Dimension dimension) implements Rejection {
        @Override
        public String reason() {
            return "insufficient " + dimension.label();
        }
    }

    // One rejection per dimension, made once: a full cell rejects most machines on this check.
    private static final List<Optional<Rejection>> REJECTIONS = Dimension.ALL.stream()
            .map(d -> Optional.<Rejection>of(new Insufficient(d)))
            .toList();

    @Override
    public Optional<Rejection> check(TaskRequest task, MachineView machine) {
        // The check every search runs most: field by field, in Dimension order, before any loop.
        Resources demand = task.demand();
        Resources capacity = machine.capacity();
        Resources allocated = machine.allocated();
        if (demand.cpuMillis() <= capacity.cpuMillis() - allocated.cpuMillis()
                && demand.ramBytes() <= capacity.ramBytes() - allocated.ramBytes()
                && demand.diskBytes() <= capacity.diskBytes() - allocated.diskBytes()
                && demand.ports() <= capacity.ports() - allocated.ports()) {
            return Optional.empty();
        }
        for (int i = 0; i < Dimension.ALL.size(); i++) {
            Dimension d = Dimension.ALL.get(i);
            // capacity - allocated cannot overflow (both are non-negative); allocated + demand could.
            long free = d.amountIn(machine.capacity()) - d.amountIn(machine.allocated());
            if (d.amountIn(task.demand()) > free) {
                return REJECTIONS.get(d.ordinal());
            }
        }
        return Optional.empty();
    }
}
