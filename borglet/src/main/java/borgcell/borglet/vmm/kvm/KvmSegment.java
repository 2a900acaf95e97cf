package borgcell.borglet.vmm.kvm;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * {@code struct kvm_segment}: a segment register as KVM shows it, the descriptor already
 * unpacked (base, limit, type, DPL, long-mode bit...). Written as a record, stored by {@link #writeTo}.
 */
public record KvmSegment(long base, int limit, int selector, int type, boolean present, int dpl,
                         boolean db, boolean s, boolean l, boolean g, boolean unusable) {

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("base"), JAVA_INT.withName("limit"), JAVA_SHORT.withName("selector"),
            JAVA_BYTE.withName("type"), JAVA_BYTE.withName("present"), JAVA_BYTE.withName("dpl"),
            JAVA_BYTE.withName("db"), JAVA_BYTE.withName("s"), JAVA_BYTE.withName("l"), JAVA_BYTE.withName("g"),
            JAVA_BYTE.withName("avl"), JAVA_BYTE.withName("unusable"), JAVA_BYTE.withName("padding"));

    public void writeTo(MemorySegment target) {
        target.set(JAVA_LONG, offset("base"), base);
        target.set(JAVA_INT, offset("limit"), limit);
        target.set(JAVA_SHORT, offset("selector"), (short) selector);
        target.set(JAVA_BYTE, offset("type"), (byte) type);
        target.set(JAVA_BYTE, offset("present"), flag(present));
        target.set(JAVA_BYTE, offset("dpl"), (byte) dpl);
        target.set(JAVA_BYTE, offset("db"), flag(db));
        target.set(JAVA_BYTE, offset("s"), flag(s));
        target.set(JAVA_BYTE, offset("l"), flag(l));
        target.set(JAVA_BYTE, offset("g"), flag(g));
        target.set(JAVA_BYTE, offset("avl"), (byte) 0);
        target.set(JAVA_BYTE, offset("unusable"), flag(unusable));
        target.set(JAVA_BYTE, offset("padding"), (byte) 0);
    }

    /** The selector of the segment stored at {@code source} (for crash reports: which ring the guest was in). */
    public static int selectorAt(MemorySegment source) {
        return Short.toUnsignedInt(source.get(JAVA_SHORT, offset("selector")));
    }

    private static byte flag(boolean value) {
        return (byte) (value ? 1 : 0);
    }

    private static long offset(String name) {
        return LAYOUT.byteOffset(PathElement.groupElement(name));
    }
}
