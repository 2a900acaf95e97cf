package borgcell.borglet.vmm.kvm;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;

/**
 * {@code struct kvm_msrs} and its {@code struct kvm_msr_entry} array: {nmsrs, pad} then
 * {index, reserved, data} per register, for KVM_SET_MSRS.
 */
public final class KvmMsrs {

    /** Size of the header (nmsrs and pad), which is what the ioctl number encodes. */
    public static final long HEADER_SIZE = 8;
    private static final long ENTRY_SIZE = 16;

    private KvmMsrs() {}

    /** Builds the struct for the given MSR index → value pairs. */
    public static MemorySegment of(Arena arena, Map<Integer, Long> values) {
        MemorySegment s = arena.allocate(HEADER_SIZE + ENTRY_SIZE * values.size(), 8);
        s.set(JAVA_INT, 0, values.size());
        long at = HEADER_SIZE;
        for (Map.Entry<Integer, Long> e : values.entrySet()) {
            s.set(JAVA_INT, at, e.getKey());
            s.set(JAVA_LONG, at + 8, e.getValue());
            at += ENTRY_SIZE;
        }
        return s;
    }
}
