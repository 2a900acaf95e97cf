package borgcell.cell;

import borgcell.api.v1.Machine;
import borgcell.api.v1.MachineState;
import borgcell.scheduler.MachineView;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The machines as the scheduler sees them, kept from one pass's read to the next: a machine
 * whose stored message and allocation are the very objects of the last read (both immutable,
 * replaced whenever they change) keeps its view. A leader over 10,000 machines otherwise
 * rebuilt 10,000 machine messages and views on every pass while it held the cell's lock, with
 * only the few machines the last pass placed on having changed. One per scheduling pass;
 * not thread-safe.
 */
public final class MachineViews {
    private record Seen(Machine stored, borgcell.api.v1.Resources allocated, MachineView view) {}

    private Map<String, Seen> seen = new HashMap<>();

    /** Every machine of the cell, in its order, reusing the views of those unchanged since the last read. */
    List<MachineView> of(Cell cell) {
        Map<String, Seen> now = new HashMap<>(Math.max(16, seen.size() * 2));
        List<MachineView> out = new java.util.ArrayList<>(seen.size());
        cell.forEachMachine((stored, allocated) -> {
            Seen last = seen.get(stored.getId());
            Seen current = last != null && last.stored() == stored && last.allocated() == allocated
                    ? last : new Seen(stored, allocated, view(stored, allocated));
            now.put(stored.getId(), current);
            out.add(current.view());
        });
        seen = now;
        return out;
    }

    private static MachineView view(Machine m, borgcell.api.v1.Resources allocated) {
        return new MachineView(m.getId(), m.getVersion(), SchedulerTerms.resources(PortBook.schedulable(m)),
                SchedulerTerms.resources(allocated), Set.copyOf(m.getRuntimesList()), Map.copyOf(m.getAttributesMap()),
                m.getState() == MachineState.UP);
    }
}
