package borgcell.cell;

import borgcell.api.v1.AllocatedPort;
import borgcell.api.v1.Machine;
import borgcell.api.v1.PortSpec;
import borgcell.api.v1.Resources;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The host ports of each machine: the range it offers (checked when it registers) and which of
 * them its placed tasks hold. Derived from the tasks, like {@link Holdings}: kept as tasks are
 * placed and released and rebuilt from a snapshot, never stored on its own, so it cannot
 * disagree with the tasks' own {@code ports}.
 *
 * <p>The scheduler only counts ports (a machine fits when enough are free); the actual numbers
 * are chosen here, as the cell applies a placement, so every replica picks the same ones: the
 * lowest free ports of the machine's range, one per name in the spec's order.
 */
final class PortBook {
    /** The lowest port a machine may offer: below it are the privileged ports of the host's own services. */
    static final int FIRST_ALLOWED = 1024;
    static final int LAST_ALLOWED = 65535;

    /** Per machine, the ports its placed tasks hold, by port number. Absent: none held. */
    private final Map<String, BitSet> held = new HashMap<>();

    /**
     * Refuses a registration whose range is not 1024 <= first <= last <= 65535 with
     * {@code capacity.ports} its size, or that offers ports without a range (0/0 is no ports).
     */
    static void checkRange(int first, int last, Resources capacity) {
        if (first == 0 && last == 0) {
            if (capacity.getPorts() != 0) {
                throw CellError.invalid("port_range_first: a machine offering " + capacity.getPorts()
                        + " ports must say which (port_range_first..port_range_last)");
            }
            return;
        }
        if (first < FIRST_ALLOWED || last > LAST_ALLOWED || first > last) {
            throw CellError.invalid("port_range_first: the range must be " + FIRST_ALLOWED + " <= first <= last <= "
                    + LAST_ALLOWED + " (got " + first + "-" + last + ")");
        }
        if (capacity.getPorts() != last - first + 1) {
            throw CellError.invalid("capacity.ports: must be the size of the port range " + first + "-" + last + " ("
                    + (last - first + 1) + "), got " + capacity.getPorts());
        }
    }

    /** How many ports the machine can hand out: its range's size (none for a machine registered without one). */
    static int offered(Machine m) {
        return m.getPortRangeFirst() == 0 ? 0 : m.getPortRangeLast() - m.getPortRangeFirst() + 1;
    }

    /**
     * The machine's capacity as the scheduler should count it: no more ports than its range
     * holds. Equal to the stored capacity for every machine registered since ports were handed
     * out; a machine from an older snapshot (ports counted, no range) offers none until its
     * Borglet registers again, rather than being picked for tasks the cell could not give ports.
     */
    static Resources schedulable(Machine m) {
        Resources capacity = m.getCapacity();
        int ports = Math.min(capacity.getPorts(), offered(m));
        return ports == capacity.getPorts() ? capacity : capacity.toBuilder().setPorts(ports).build();
    }

    /**
     * The lowest free ports of the machine's range, one per name, now held; empty (nothing
     * held) when the range has too few free.
     */
    Optional<List<AllocatedPort>> take(Machine m, List<PortSpec> names) {
        if (names.isEmpty()) {
            return Optional.of(List.of());
        }
        if (offered(m) == 0) {
            return Optional.empty();
        }
        BitSet used = held.getOrDefault(m.getId(), new BitSet());
        List<AllocatedPort> out = new ArrayList<>(names.size());
        int next = m.getPortRangeFirst();
        for (PortSpec name : names) {
            next = used.nextClearBit(next);
            if (next > m.getPortRangeLast()) {
                return Optional.empty();
            }
            out.add(AllocatedPort.newBuilder().setName(name.getName()).setPort(next).build());
            next++;
        }
        hold(m.getId(), out);
        return Optional.of(out);
    }

    /** Marks ports a placed task holds (as a snapshot is loaded, or as {@link #take} chose them). */
    void hold(String machineId, List<AllocatedPort> ports) {
        if (ports.isEmpty()) {
            return;
        }
        BitSet used = held.computeIfAbsent(machineId, id -> new BitSet());
        for (AllocatedPort p : ports) {
            used.set(p.getPort());
        }
    }

    /** The task left the machine: its ports may be handed out again. */
    void release(String machineId, List<AllocatedPort> ports) {
        BitSet used = held.get(machineId);
        if (used == null) {
            return;
        }
        for (AllocatedPort p : ports) {
            used.clear(p.getPort());
        }
        if (used.isEmpty()) {
            held.remove(machineId);
        }
    }
}
