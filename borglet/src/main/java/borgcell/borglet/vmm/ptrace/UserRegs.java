package borgcell.borglet.vmm.ptrace;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * x86-64 {@code struct user_regs_struct} (sys/user.h), what PTRACE_GETREGS and SETREGS move:
 * 27 quadwords, in this order. One per tracee, in native memory, reused for every stop.
 */
final class UserRegs {

    static final long SIZE = 27 * 8;
    private static final long R10 = 7 * 8;
    private static final long R9 = 8 * 8;
    private static final long R8 = 9 * 8;
    private static final long RAX = 10 * 8;
    private static final long RCX = 11 * 8;
    private static final long RDX = 12 * 8;
    private static final long RSI = 13 * 8;
    private static final long RDI = 14 * 8;
    private static final long ORIG_RAX = 15 * 8;
    private static final long RIP = 16 * 8;
    private static final long CS = 17 * 8;
    private static final long EFLAGS = 18 * 8;
    private static final long RSP = 19 * 8;
    private static final long FS_BASE = 21 * 8;
    private static final long GS_BASE = 22 * 8;
    /** Everything before cs: the general registers, orig_rax and rip. */
    private static final long GENERAL_END = CS;

    private final MemorySegment segment;

    UserRegs(Arena arena) {
        this.segment = arena.allocate(SIZE, 8);
    }

    MemorySegment segment() {
        return segment;
    }

    long rax() { return get(RAX); }
    long rdi() { return get(RDI); }
    long rsi() { return get(RSI); }
    long rdx() { return get(RDX); }
    long r10() { return get(R10); }
    long r8() { return get(R8); }
    long r9() { return get(R9); }
    long rcx() { return get(RCX); }
    long origRax() { return get(ORIG_RAX); }
    long rip() { return get(RIP); }
    long cs() { return get(CS); }
    long rsp() { return get(RSP); }
    long fsBase() { return get(FS_BASE); }
    long gsBase() { return get(GS_BASE); }

    void rax(long v) { set(RAX, v); }
    void rdi(long v) { set(RDI, v); }
    void rsi(long v) { set(RSI, v); }
    void rdx(long v) { set(RDX, v); }
    void r10(long v) { set(R10, v); }
    void r8(long v) { set(R8, v); }
    void r9(long v) { set(R9, v); }
    void rip(long v) { set(RIP, v); }
    void rsp(long v) { set(RSP, v); }
    void eflags(long v) { set(EFLAGS, v); }
    void fsBase(long v) { set(FS_BASE, v); }
    void gsBase(long v) { set(GS_BASE, v); }

    /**
     * No syscall to restart: the kernel looks at orig_rax after a stop in a syscall (the stub's
     * first read is interrupted) and would back rip up to redo it.
     */
    void noSyscall() {
        set(ORIG_RAX, -1);
    }

    /** Zeroes the general registers, orig_rax and rip; the segment registers stay as the kernel set them. */
    void clearGeneral() {
        segment.asSlice(0, GENERAL_END).fill((byte) 0);
    }

    void copyFrom(UserRegs other) {
        MemorySegment.copy(other.segment, 0, segment, 0, SIZE);
    }

    private long get(long offset) {
        return segment.get(JAVA_LONG, offset);
    }

    private void set(long offset, long value) {
        segment.set(JAVA_LONG, offset, value);
    }
}
