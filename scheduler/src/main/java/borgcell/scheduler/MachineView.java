package borgcell.scheduler;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the scheduler needs to know about one machine, as of {@code version}.
 * {@code allocated} is what tasks already placed there claim; {@code schedulable} is false
 * for a DRAINING or DOWN machine. Capacity and allocation must not be negative.
 */
public record MachineView(String id, long version, Resources capacity, Resources allocated,
                          Set<String> runtimes, Map<String, String> attributes, boolean schedulable) {

    public MachineView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(capacity, "capacity");
        Objects.requireNonNull(allocated, "allocated");
        if (!capacity.isNonNegative()) {
            throw new IllegalArgumentException("machine " + id + " has negative capacity " + capacity);
        }
        if (!allocated.isNonNegative()) {
            throw new IllegalArgumentException("machine " + id + " has negative allocation " + allocated);
        }
        // copyOf returns an already immutable collection as is, so withAllocated stays cheap.
        runtimes = Set.copyOf(runtimes);
        attributes = Map.copyOf(attributes);
    }

    /** Capacity minus allocation; negative in a dimension the machine has overcommitted. */
    public Resources free() {
        return capacity.minus(allocated);
    }

    /** The same machine at the same version, with another allocation. */
    public MachineView withAllocated(Resources newAllocated) {
        return new MachineView(id, version, capacity, newAllocated, runtimes, attributes, schedulable);
    }
}
