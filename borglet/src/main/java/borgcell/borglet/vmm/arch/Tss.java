package borgcell.borglet.vmm.arch;

import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import java.lang.foreign.MemorySegment;

/**
 * The 64-bit task state segment, for two things. RSP0: the stack the CPU switches to when an
 * exception takes ring 3 into ring 0 (the guest's own stack may be anything). And the I/O
 * permission bitmap: every port closed to ring 3 except {@link GuestCode#SYSCALL_PORT}, which
 * the syscall stub may have to use from ring 3 (see {@link GuestCode}).
 */
public final class Tss {

    public static final int SIZE = 104;
    private static final long RSP0 = 4;
    private static final long IO_MAP_BASE = 102;
    /** One bit per port for ports 0-255, then the all-ones byte the CPU requires after the map. */
    private static final int IO_BITMAP_BYTES = 256 / 8 + 1;
    /** The segment limit: the bitmap is part of the segment. */
    public static final int LIMIT = SIZE + IO_BITMAP_BYTES - 1;

    private Tss() {}

    public static void write(MemorySegment tss) {
        tss.asSlice(0, LIMIT + 1).fill((byte) 0);
        tss.set(JAVA_LONG_UNALIGNED, RSP0, GuestLayout.KERNEL_STACK_TOP);
        tss.set(JAVA_SHORT_UNALIGNED, IO_MAP_BASE, (short) SIZE);
        MemorySegment bitmap = tss.asSlice(SIZE, IO_BITMAP_BYTES);
        bitmap.fill((byte) 0xFF); // a set bit closes the port
        int port = GuestCode.SYSCALL_PORT;
        bitmap.set(java.lang.foreign.ValueLayout.JAVA_BYTE, port / 8, (byte) ~(1 << (port % 8)));
    }
}
