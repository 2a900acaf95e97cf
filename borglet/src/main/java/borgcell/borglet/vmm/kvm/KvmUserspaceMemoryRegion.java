package borgcell.borglet.vmm.kvm;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/** {@code struct kvm_userspace_memory_region}: a slot of guest-physical memory backed by host memory. */
public record KvmUserspaceMemoryRegion(int slot, int flags, long guestPhysicalAddress, long memorySize, long userspaceAddress) {

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("slot"), JAVA_INT.withName("flags"), JAVA_LONG.withName("guest_phys_addr"),
            JAVA_LONG.withName("memory_size"), JAVA_LONG.withName("userspace_addr"));

    MemorySegment allocate(Arena arena) {
        MemorySegment s = arena.allocate(LAYOUT);
        s.set(JAVA_INT, offset("slot"), slot);
        s.set(JAVA_INT, offset("flags"), flags);
        s.set(JAVA_LONG, offset("guest_phys_addr"), guestPhysicalAddress);
        s.set(JAVA_LONG, offset("memory_size"), memorySize);
        s.set(JAVA_LONG, offset("userspace_addr"), userspaceAddress);
        return s;
    }

    private static long offset(String name) {
        return LAYOUT.byteOffset(PathElement.groupElement(name));
    }
}
