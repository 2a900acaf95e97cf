package borgcell.borglet.vmm.ptrace;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import borgcell.borglet.vmm.host.Errno;
import borgcell.borglet.vmm.host.LibC;
import borgcell.borglet.vmm.host.NativeCallException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The ptrace(2) requests the platform uses, as FFM downcalls. Every request must come from the
 * tracer thread. A request on a tracee that is gone (killed, or not in a ptrace stop because it
 * is dying) fails with ESRCH: the {@code *OrGone} forms answer false then instead of throwing.
 */
final class Ptrace {

    static final int PTRACE_CONT = 7;
    static final int PTRACE_GETREGS = 12;
    static final int PTRACE_SETREGS = 13;
    static final int PTRACE_SYSEMU = 31;
    static final int PTRACE_GETSIGINFO = 0x4202;
    static final int PTRACE_SEIZE = 0x4206;
    static final int PTRACE_INTERRUPT = 0x4207;

    /** Syscall stops report SIGTRAP | 0x80, so they cannot be taken for a SIGTRAP the guest caused. */
    static final int PTRACE_O_TRACESYSGOOD = 1;
    /** The kernel SIGKILLs the tracee when its tracer thread exits: no guest outlives its Borglet. */
    static final int PTRACE_O_EXITKILL = 0x100000;
    static final int SYSCALL_STOP = 0x80 | 5;
    static final int PTRACE_EVENT_STOP = 128;


    // long ptrace(enum __ptrace_request request, ...): pid, addr and data are variadic.
    private static final MethodHandle PTRACE = LibC.downcall("ptrace",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG), Linker.Option.firstVariadicArg(1));

    private Ptrace() {}

    /** Attaches to {@code pid} without stopping it; it dies with the calling thread. */
    static void seize(int pid) {
        call(PTRACE_SEIZE, pid, 0, PTRACE_O_EXITKILL | PTRACE_O_TRACESYSGOOD, "PTRACE_SEIZE");
    }

    static void interrupt(int pid) {
        call(PTRACE_INTERRUPT, pid, 0, 0, "PTRACE_INTERRUPT");
    }

    /** Resumes until the tracee's next syscall, which it will not execute; false when it is gone. */
    static boolean sysemuOrGone(int pid) {
        return callOrGone(PTRACE_SYSEMU, pid, 0, 0, "PTRACE_SYSEMU");
    }

    /** Resumes the tracee, its pending signal (if any) suppressed; false when it is gone. */
    static boolean contOrGone(int pid) {
        return callOrGone(PTRACE_CONT, pid, 0, 0, "PTRACE_CONT");
    }

    static boolean getRegsOrGone(int pid, MemorySegment regs) {
        return callOrGone(PTRACE_GETREGS, pid, 0, regs.address(), "PTRACE_GETREGS");
    }

    static boolean setRegsOrGone(int pid, MemorySegment regs) {
        return callOrGone(PTRACE_SETREGS, pid, 0, regs.address(), "PTRACE_SETREGS");
    }

    static boolean getSigInfoOrGone(int pid, MemorySegment siginfo) {
        return callOrGone(PTRACE_GETSIGINFO, pid, 0, siginfo.address(), "PTRACE_GETSIGINFO");
    }

    private static void call(int request, int pid, long addr, long data, String name) {
        if (!callOrGone(request, pid, addr, data, name)) {
            throw new NativeCallException(name + "(" + pid + ")", Errno.ESRCH);
        }
    }

    private static boolean callOrGone(int request, int pid, long addr, long data, String name) {
        try {
            long r = (long) PTRACE.invokeExact(LibC.state(), request, pid, addr, data);
            if (r >= 0) {
                return true;
            }
            int errno = LibC.errno();
            if (errno == Errno.ESRCH) {
                return false;
            }
            throw new NativeCallException(name + "(" + pid + ")", errno);
        } catch (Throwable t) {
            throw LibC.rethrown(t);
        }
    }
}
