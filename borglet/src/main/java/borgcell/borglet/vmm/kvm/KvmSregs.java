package borgcell.borglet.vmm.kvm;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * {@code struct kvm_sregs} (x86): segment registers, descriptor tables ({@code struct kvm_dtable}),
 * control registers and EFER, as a view over native memory.
 */
public final class KvmSregs {

    /** {@code struct kvm_dtable}: a GDTR or IDTR. */
    public static final StructLayout DTABLE = MemoryLayout.structLayout(
            JAVA_LONG.withName("base"), JAVA_SHORT.withName("limit"), MemoryLayout.sequenceLayout(3, JAVA_SHORT).withName("padding"));

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            KvmSegment.LAYOUT.withName("cs"), KvmSegment.LAYOUT.withName("ds"), KvmSegment.LAYOUT.withName("es"),
            KvmSegment.LAYOUT.withName("fs"), KvmSegment.LAYOUT.withName("gs"), KvmSegment.LAYOUT.withName("ss"),
            KvmSegment.LAYOUT.withName("tr"), KvmSegment.LAYOUT.withName("ldt"),
            DTABLE.withName("gdt"), DTABLE.withName("idt"),
            JAVA_LONG.withName("cr0"), JAVA_LONG.withName("cr2"), JAVA_LONG.withName("cr3"), JAVA_LONG.withName("cr4"),
            JAVA_LONG.withName("cr8"), JAVA_LONG.withName("efer"), JAVA_LONG.withName("apic_base"),
            MemoryLayout.sequenceLayout(4, JAVA_LONG).withName("interrupt_bitmap"));

    /** The segment registers by their field names in kvm_sregs. */
    public enum Segment { cs, ds, es, fs, gs, ss, tr, ldt }

    private final MemorySegment segment;

    public KvmSregs(MemorySegment segment) {
        this.segment = segment.asSlice(0, LAYOUT.byteSize());
    }

    public MemorySegment segment() {
        return segment;
    }

    public void set(Segment register, KvmSegment value) {
        value.writeTo(segment.asSlice(offset(register.name()), KvmSegment.LAYOUT.byteSize()));
    }

    public int selector(Segment register) {
        return KvmSegment.selectorAt(segment.asSlice(offset(register.name()), KvmSegment.LAYOUT.byteSize()));
    }

    public void gdt(long base, int limit) {
        dtable("gdt", base, limit);
    }

    public void idt(long base, int limit) {
        dtable("idt", base, limit);
    }

    public long cr0() { return segment.get(JAVA_LONG, offset("cr0")); }
    public long cr2() { return segment.get(JAVA_LONG, offset("cr2")); }
    public long cr3() { return segment.get(JAVA_LONG, offset("cr3")); }
    public long cr4() { return segment.get(JAVA_LONG, offset("cr4")); }
    public long efer() { return segment.get(JAVA_LONG, offset("efer")); }

    public void cr0(long value) { segment.set(JAVA_LONG, offset("cr0"), value); }
    public void cr3(long value) { segment.set(JAVA_LONG, offset("cr3"), value); }
    public void cr4(long value) { segment.set(JAVA_LONG, offset("cr4"), value); }
    public void efer(long value) { segment.set(JAVA_LONG, offset("efer"), value); }

    private void dtable(String name, long base, int limit) {
        long at = offset(name);
        segment.set(JAVA_LONG, at, base);
        segment.set(JAVA_SHORT, at + 8, (short) limit);
    }

    private static long offset(String name) {
        return LAYOUT.byteOffset(PathElement.groupElement(name));
    }
}
