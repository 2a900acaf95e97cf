package borgcell.borglet.vmm.arch;

import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.MemorySegment;

/**
 * The interrupt descriptor table: one interrupt gate per exception vector, each pointing at
 * its own byte of {@link GuestLayout#EXCEPTION_ENTRIES} (a {@code hlt}, see {@link GuestCode}), so the VMM reads
 * the vector from where the guest halted. The CPU switches to the TSS's RSP0 on the way in.
 */
public final class Idt {

    private static final int GATE_SIZE = 16;
    private static final int INTERRUPT_GATE = 0xE;
    private static final int PRESENT = 0x80;

    private Idt() {}

    public static void write(MemorySegment idt) {
        for (ExceptionVector vector : ExceptionVector.values()) {
            // int3 and into may be used from ring 3 (DPL 3), as on Linux; any other
            // `int n` from ring 3 is a #GP.
            int dpl = vector == ExceptionVector.BP || vector == ExceptionVector.OF ? 3 : 0;
            long handler = GuestLayout.EXCEPTION_ENTRIES + vector.ordinal();
            long attributes = PRESENT | (dpl << 5) | INTERRUPT_GATE;
            long low = (handler & 0xFFFF) | ((long) Selectors.KERNEL_CODE << 16) | (attributes << 40)
                    | ((handler >>> 16 & 0xFFFF) << 48);
            idt.set(JAVA_LONG_UNALIGNED, (long) vector.ordinal() * GATE_SIZE, low);
            idt.set(JAVA_LONG_UNALIGNED, (long) vector.ordinal() * GATE_SIZE + 8, handler >>> 32);
        }
    }

    public static int limit() {
        return ExceptionVector.COUNT * GATE_SIZE - 1;
    }

    /** The vector whose entry byte sits just before {@code rip} (rip after a {@code hlt}), or -1. */
    public static int vectorHaltedAt(long rip) {
        long index = rip - 1 - GuestLayout.EXCEPTION_ENTRIES;
        return index >= 0 && index < ExceptionVector.COUNT ? (int) index : -1;
    }
}
