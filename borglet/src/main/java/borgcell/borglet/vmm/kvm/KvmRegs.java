package borgcell.borglet.vmm.kvm;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * {@code struct kvm_regs} (x86): the general-purpose registers, rip and rflags, as a view over
 * native memory (a scratch buffer for KVM_GET/SET_REGS, or the sync-regs area of kvm_run).
 */
public final class KvmRegs {

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("rax"), JAVA_LONG.withName("rbx"), JAVA_LONG.withName("rcx"), JAVA_LONG.withName("rdx"),
            JAVA_LONG.withName("rsi"), JAVA_LONG.withName("rdi"), JAVA_LONG.withName("rsp"), JAVA_LONG.withName("rbp"),
            JAVA_LONG.withName("r8"), JAVA_LONG.withName("r9"), JAVA_LONG.withName("r10"), JAVA_LONG.withName("r11"),
            JAVA_LONG.withName("r12"), JAVA_LONG.withName("r13"), JAVA_LONG.withName("r14"), JAVA_LONG.withName("r15"),
            JAVA_LONG.withName("rip"), JAVA_LONG.withName("rflags"));

    private static final long RAX = offset("rax");
    private static final long RCX = offset("rcx");
    private static final long RDX = offset("rdx");
    private static final long RSI = offset("rsi");
    private static final long RDI = offset("rdi");
    private static final long RSP = offset("rsp");
    private static final long R8 = offset("r8");
    private static final long R9 = offset("r9");
    private static final long R10 = offset("r10");
    private static final long R11 = offset("r11");
    private static final long RIP = offset("rip");
    private static final long RFLAGS = offset("rflags");

    private final MemorySegment segment;

    public KvmRegs(MemorySegment segment) {
        this.segment = segment.asSlice(0, LAYOUT.byteSize());
    }

    public MemorySegment segment() {
        return segment;
    }

    public void clear() {
        segment.fill((byte) 0);
    }

    public long rax() { return get(RAX); }
    public long rcx() { return get(RCX); }
    public long rdx() { return get(RDX); }
    public long rsi() { return get(RSI); }
    public long rdi() { return get(RDI); }
    public long rsp() { return get(RSP); }
    public long r8() { return get(R8); }
    public long r9() { return get(R9); }
    public long r10() { return get(R10); }
    public long r11() { return get(R11); }
    public long rip() { return get(RIP); }
    public long rflags() { return get(RFLAGS); }

    public void rax(long value) { set(RAX, value); }
    public void rsp(long value) { set(RSP, value); }
    public void rip(long value) { set(RIP, value); }
    public void rflags(long value) { set(RFLAGS, value); }

    private long get(long offset) {
        return segment.get(JAVA_LONG, offset);
    }

    private void set(long offset, long value) {
        segment.set(JAVA_LONG, offset, value);
    }

    private static long offset(String name) {
        return LAYOUT.byteOffset(PathElement.groupElement(name));
    }
}
