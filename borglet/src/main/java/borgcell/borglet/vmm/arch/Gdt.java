package borgcell.borglet.vmm.arch;

import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import borgcell.borglet.vmm.kvm.KvmSegment;
import java.lang.foreign.MemorySegment;

/**
 * The global descriptor table and the matching segment registers for KVM. In long mode the
 * code and data descriptors are flat (base 0, limit ignored); what matters is the DPL, the
 * L bit on code, and that {@code iretq} finds in memory the descriptors of the selectors it
 * loads. KVM_SET_SREGS takes the unpacked {@link KvmSegment} form of the same values.
 */
public final class Gdt {

    // access byte: present | DPL << 5 | code/data | type
    private static final int PRESENT = 0x80;
    private static final int CODE_OR_DATA = 0x10;
    private static final int TYPE_CODE_READ_ACCESSED = 0xB;
    private static final int TYPE_DATA_WRITE_ACCESSED = 0x3;
    private static final int TYPE_TSS_BUSY = 0xB;
    // flags nibble: granularity 4 KiB | 32-bit default size | long mode
    private static final int GRANULARITY = 0x8;
    private static final int DEFAULT_32 = 0x4;
    private static final int LONG_MODE = 0x2;

    private static final int TSS_LIMIT = Tss.LIMIT;

    private Gdt() {}

    /** Writes the descriptors at {@code table} (guest address {@link GuestLayout#GDT}). */
    public static void write(MemorySegment table) {
        put(table, Selectors.KERNEL_CODE, flat(0, TYPE_CODE_READ_ACCESSED, GRANULARITY | LONG_MODE));
        put(table, Selectors.KERNEL_DATA, flat(0, TYPE_DATA_WRITE_ACCESSED, GRANULARITY | DEFAULT_32));
        put(table, Selectors.USER_DATA, flat(3, TYPE_DATA_WRITE_ACCESSED, GRANULARITY | DEFAULT_32));
        put(table, Selectors.USER_CODE, flat(3, TYPE_CODE_READ_ACCESSED, GRANULARITY | LONG_MODE));
        long base = GuestLayout.TSS;
        long low = (TSS_LIMIT & 0xFFFFL) | ((base & 0xFFFFFFL) << 16) | ((long) (PRESENT | TYPE_TSS_BUSY) << 40)
                | (((long) TSS_LIMIT >>> 16 & 0xF) << 48) | (((base >>> 24) & 0xFF) << 56);
        put(table, Selectors.TSS, low);
        put(table, Selectors.TSS + 8, base >>> 32);
    }

    public static int limit() {
        return Selectors.GDT_ENTRIES * 8 - 1;
    }

    public static KvmSegment kernelCode() {
        return new KvmSegment(0, 0xFFFFFFFF, Selectors.KERNEL_CODE, TYPE_CODE_READ_ACCESSED, true, 0, false, true, true, true, false);
    }

    public static KvmSegment kernelData() {
        return new KvmSegment(0, 0xFFFFFFFF, Selectors.KERNEL_DATA, TYPE_DATA_WRITE_ACCESSED, true, 0, true, true, false, true, false);
    }

    public static KvmSegment userCode() {
        return new KvmSegment(0, 0xFFFFFFFF, Selectors.USER_CODE, TYPE_CODE_READ_ACCESSED, true, 3, false, true, true, true, false);
    }

    public static KvmSegment userData() {
        return new KvmSegment(0, 0xFFFFFFFF, Selectors.USER_DATA, TYPE_DATA_WRITE_ACCESSED, true, 3, true, true, false, true, false);
    }

    public static KvmSegment taskRegister() {
        return new KvmSegment(GuestLayout.TSS, TSS_LIMIT, Selectors.TSS, TYPE_TSS_BUSY, true, 0, false, false, false, false, false);
    }

    /** No LDT: KVM still wants the register described, as unusable. */
    public static KvmSegment noLdt() {
        return new KvmSegment(0, 0, 0, 0x2, false, 0, false, false, false, false, true);
    }

    private static long flat(int dpl, int type, int flags) {
        long access = PRESENT | (dpl << 5) | CODE_OR_DATA | type;
        return 0xFFFFL | (access << 40) | (0xFL << 48) | ((long) flags << 52);
    }

    private static void put(MemorySegment table, int selector, long descriptor) {
        table.set(JAVA_LONG_UNALIGNED, selector & ~7, descriptor);
    }
}
