package borgcell.borglet.vmm;

import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import borgcell.borglet.vmm.arch.ExceptionVector;
import borgcell.borglet.vmm.arch.GuestLayout;
import borgcell.borglet.vmm.arch.Idt;
import borgcell.borglet.vmm.arch.GuestCode;
import borgcell.borglet.vmm.arch.Selectors;
import borgcell.borglet.vmm.kvm.KvmRegs;
import borgcell.borglet.vmm.kvm.KvmVcpu;
import borgcell.borglet.vmm.kvm.VcpuExit;
import borgcell.borglet.vmm.libos.LibOs;
import borgcell.borglet.vmm.libos.SyscallArgs;
import borgcell.borglet.vmm.libos.SyscallOutcome;
import borgcell.borglet.vmm.memory.BadGuestAddressException;
import borgcell.borglet.vmm.memory.GuestMemory;
import java.lang.foreign.MemorySegment;
import java.util.function.Supplier;

/**
 * The vCPU's run loop: enter the guest, see why it left, serve it, enter again.
 *
 * <p>A syscall arrives as an {@code out} to {@link GuestCode#SYSCALL_PORT} from the entry
 * stub. The VMM serves it and prepares the return itself: it writes an {@code iretq} frame
 * (user rip from rcx, user code, user rflags from r11, user rsp, user data) on the syscall
 * page, points rsp at it, puts the result in rax and resumes at the stub's {@code iretq}. The
 * user's stack, red zone included, is never written.
 */
final class VcpuLoop {

    /** The RFLAGS bits a program may hold (CF PF AF ZF SF TF DF OF AC ID); never IOPL, NT or IF. */
    private static final long USER_RFLAGS = 0x1 | 0x4 | 0x10 | 0x40 | 0x80 | 0x100 | 0x400 | 0x800 | 0x40000 | 0x200000;
    private static final long RESERVED_RFLAGS = 0x2;
    private static final long IRET_FRAME = GuestLayout.SYSCALL_IRET_FRAME;

    private final KvmVcpu vcpu;
    private final GuestMemory memory;
    private final LibOs libos;
    private final Supplier<VmOutcome> stopRequest;
    private final MemorySegment iretFrame;
    private long exits;

    VcpuLoop(KvmVcpu vcpu, GuestMemory memory, LibOs libos, Supplier<VmOutcome> stopRequest) {
        this.vcpu = vcpu;
        this.memory = memory;
        this.libos = libos;
        this.stopRequest = stopRequest;
        this.iretFrame = memory.slice(IRET_FRAME, 5 * 8);
    }

    VmOutcome run() {
        while (true) {
            VmOutcome stop = stopRequest.get();
            if (stop != null) {
                return stop;
            }
            VcpuExit exit = vcpu.run();
            exits++;
            switch (exit) {
                case VcpuExit.Io io when io.out() && io.port() == GuestCode.SYSCALL_PORT -> {
                    VmOutcome end = serveSyscall();
                    if (end != null) {
                        return end;
                    }
                }
                // A kick (then stopRequest says why) or a stray signal: look, and go on.
                case VcpuExit.Interrupted interrupted -> { }
                case VcpuExit.Halt halt -> {
                    return exception(exit);
                }
                default -> {
                    return unexpected(exit);
                }
            }
        }
    }

    long exits() {
        return exits;
    }

    private VmOutcome serveSyscall() {
        KvmRegs regs = vcpu.regs();
        SyscallArgs call = new SyscallArgs(regs.rax(), regs.rdi(), regs.rsi(), regs.rdx(), regs.r10(), regs.r8(), regs.r9());
        return switch (libos.serve(call)) {
            case SyscallOutcome.Exit(int status) -> new VmOutcome.Exited(status);
            case SyscallOutcome.Return(long value) -> {
                iretFrame.set(JAVA_LONG_UNALIGNED, 0, regs.rcx());
                iretFrame.set(JAVA_LONG_UNALIGNED, 8, Selectors.USER_CODE);
                iretFrame.set(JAVA_LONG_UNALIGNED, 16, (regs.r11() & USER_RFLAGS) | RESERVED_RFLAGS);
                iretFrame.set(JAVA_LONG_UNALIGNED, 24, regs.rsp());
                iretFrame.set(JAVA_LONG_UNALIGNED, 32, Selectors.USER_DATA);
                regs.rax(value);
                regs.rsp(IRET_FRAME);
                regs.rip(GuestCode.SYSCALL_RETURN);
                vcpu.setRegs(regs);
                yield null;
            }
        };
    }

    /** The guest halted: at an exception entry that is a fault in the program; anywhere else, something stranger. */
    private VmOutcome exception(VcpuExit exit) {
        KvmRegs regs = vcpu.regs();
        int vector = Idt.vectorHaltedAt(regs.rip());
        if (vector < 0) {
            return unexpected(exit);
        }
        ExceptionVector kind = ExceptionVector.of(vector);
        StringBuilder report = new StringBuilder("guest fault: ").append(kind.description())
                .append(" (").append(signalName(kind.signal())).append(")");
        try {
            long frame = regs.rsp();
            long errorCode = 0;
            if (kind.pushesErrorCode()) {
                errorCode = memory.slice(frame, 8).get(JAVA_LONG_UNALIGNED, 0);
                frame += 8;
            }
            MemorySegment f = memory.slice(frame, 5 * 8);
            long rip = f.get(JAVA_LONG_UNALIGNED, 0);
            long cs = f.get(JAVA_LONG_UNALIGNED, 8);
            long rsp = f.get(JAVA_LONG_UNALIGNED, 24);
            report.append(" at rip 0x").append(Long.toHexString(rip)).append(" (ring ").append(cs & 3).append(", cs 0x").append(Long.toHexString(cs)).append(")")
                    .append(", rsp 0x").append(Long.toHexString(rsp));
            if (kind == ExceptionVector.PF) {
                report.append(", fault address 0x").append(Long.toHexString(vcpu.sregs().cr2()))
                        .append(" (").append(pageFaultCause(errorCode)).append(", error code 0x").append(Long.toHexString(errorCode)).append(")");
            } else if (kind.pushesErrorCode()) {
                report.append(", error code 0x").append(Long.toHexString(errorCode));
            }
        } catch (BadGuestAddressException e) {
            report.append(" (exception frame unreadable: rsp 0x").append(Long.toHexString(regs.rsp())).append(")");
        }
        report.append("; last syscall: ").append(libos.lastCall());
        return new VmOutcome.Faulted(kind.signal(), report.toString());
    }

    private VmOutcome unexpected(VcpuExit exit) {
        KvmRegs regs = vcpu.regs();
        String what = exit instanceof VcpuExit.Shutdown ? "guest fault: triple fault" : "guest stopped unexpectedly";
        return new VmOutcome.Faulted(ExceptionVector.Signals.SIGSEGV, what + " (" + exit.describe() + ") at rip 0x"
                + Long.toHexString(regs.rip()) + "; last syscall: " + libos.lastCall());
    }

    private static String pageFaultCause(long errorCode) {
        return ((errorCode & 16) != 0 ? "instruction fetch" : (errorCode & 2) != 0 ? "write" : "read")
                + ((errorCode & 1) != 0 ? ", protection" : ", not mapped");
    }

    private static String signalName(int signal) {
        return switch (signal) {
            case ExceptionVector.Signals.SIGILL -> "SIGILL";
            case ExceptionVector.Signals.SIGTRAP -> "SIGTRAP";
            case ExceptionVector.Signals.SIGBUS -> "SIGBUS";
            case ExceptionVector.Signals.SIGFPE -> "SIGFPE";
            case ExceptionVector.Signals.SIGSEGV -> "SIGSEGV";
            default -> "signal " + signal;
        };
    }
}
