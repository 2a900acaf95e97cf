package borgcell.borglet.vmm.ptrace;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import borgcell.borglet.vmm.GuestExit;
import borgcell.borglet.vmm.host.Signals;
import java.lang.foreign.MemorySegment;

/**
 * Crash reports from the stub's signals. A fault in the guest stops the stub before the signal
 * is delivered; its siginfo says what the CPU reported (si_code) and for which address, in the
 * same words as the KVM platform's exception reports where the two can tell the same.
 */
final class PtraceFaults {

    private static final int SI_KERNEL = 0x80;
    private static final int SEGV_MAPERR = 1;
    private static final int SEGV_ACCERR = 2;
    private static final int FPE_INTDIV = 1;
    private static final int TRAP_TRACE = 2;
    private static final long SI_CODE = 8;
    private static final long SI_ADDR = 16;

    private PtraceFaults() {}

    static boolean isFault(int signal) {
        return signal == Signals.SIGSEGV || signal == Signals.SIGBUS || signal == Signals.SIGILL
                || signal == Signals.SIGFPE || signal == Signals.SIGTRAP;
    }

    /** Raised by the CPU for the guest (si_code > 0), not sent by another process with kill (si_code <= 0). */
    static boolean causedByGuest(MemorySegment siginfo) {
        return siginfo.get(JAVA_INT, SI_CODE) > 0;
    }

    static GuestExit report(int signal, UserRegs regs, MemorySegment siginfo) {
        int code = siginfo.get(JAVA_INT, SI_CODE);
        long address = siginfo.get(JAVA_LONG, SI_ADDR);
        StringBuilder report = new StringBuilder("guest fault: ").append(describe(signal, code))
                .append(" (").append(Signals.name(signal)).append(") at rip 0x").append(Long.toHexString(regs.rip()))
                .append(" (cs 0x").append(Long.toHexString(regs.cs())).append("), rsp 0x").append(Long.toHexString(regs.rsp()));
        if ((signal == Signals.SIGSEGV && code != SI_KERNEL) || signal == Signals.SIGBUS) {
            report.append(", fault address 0x").append(Long.toHexString(address));
            if (signal == Signals.SIGSEGV) {
                report.append(code == SEGV_ACCERR ? " (protection)" : " (not mapped)");
            }
        }
        return new GuestExit.Fault(signal, report.toString());
    }

    /** A syscall made some other way than x86-64's {@code syscall}: not served, the guest ends. */
    static GuestExit foreignSyscall(UserRegs regs, int instruction) {
        String how = regs.cs() != 0x33 ? "a syscall from 32-bit code (cs 0x" + Long.toHexString(regs.cs()) + ")"
                : instruction == 0x80CD ? "int 0x80 (the 32-bit syscall ABI)"
                : "a syscall from outside guest memory";
        return new GuestExit.Fault(Signals.SIGSYS, "guest fault: " + how + " at rip 0x" + Long.toHexString(regs.rip())
                + ", number " + regs.origRax() + ": only x86-64 syscalls are served (SIGSYS)");
    }

    private static String describe(int signal, int code) {
        return switch (signal) {
            case Signals.SIGSEGV -> code == SEGV_MAPERR || code == SEGV_ACCERR ? "#PF page fault"
                    : code == SI_KERNEL ? "#GP general protection" : "segmentation fault";
            case Signals.SIGILL -> "#UD invalid opcode";
            case Signals.SIGFPE -> code == FPE_INTDIV ? "#DE divide error" : "floating-point exception";
            case Signals.SIGTRAP -> code == TRAP_TRACE ? "#DB debug" : "#BP breakpoint";
            case Signals.SIGBUS -> "bus error";
            default -> "signal";
        };
    }
}
