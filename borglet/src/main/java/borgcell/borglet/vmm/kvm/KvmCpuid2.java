package borgcell.borglet.vmm.kvm;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * {@code struct kvm_cpuid2}: {nent, padding} then {@code struct kvm_cpuid_entry2} entries of
 * 40 bytes (function, index, flags, eax, ebx, ecx, edx, padding[3]).
 */
public final class KvmCpuid2 {

    /** Size of the header (nent and padding), which is what the ioctl number encodes. */
    public static final long HEADER_SIZE = 8;
    static final long ENTRY_SIZE = 40;
    /** Room for every leaf a current host reports; KVM answers E2BIG when it is too small. */
    static final int MAX_ENTRIES = 256;

    private KvmCpuid2() {}

    static MemorySegment allocate(Arena arena, int entries) {
        MemorySegment s = arena.allocate(HEADER_SIZE + ENTRY_SIZE * entries, 8);
        s.set(JAVA_INT, 0, entries);
        return s;
    }

    static int entries(MemorySegment cpuid) {
        return cpuid.get(JAVA_INT, 0);
    }
}
