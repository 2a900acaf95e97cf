package borgcell.borglet.vmm.ptrace;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import borgcell.borglet.vmm.GuestExit;
import borgcell.borglet.vmm.GuestMachine;
import borgcell.borglet.vmm.arch.GuestLayout;
import borgcell.borglet.vmm.host.ChildProcess;
import borgcell.borglet.vmm.host.Signals;
import borgcell.borglet.vmm.host.WaitStatus;
import borgcell.borglet.vmm.libos.GuestCpu;
import borgcell.borglet.vmm.libos.SyscallArgs;
import borgcell.borglet.vmm.memory.GuestMemory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A guest in a stub process: its code runs natively at its own addresses in guest memory (a
 * memfd both the stub and the Borglet map), and every syscall it makes stops the stub before
 * the kernel runs it ({@code PTRACE_SYSEMU}) and is served by the library OS here instead.
 *
 * <p>Only the x86-64 {@code syscall} instruction is a syscall to the guest. {@code int 0x80},
 * {@code sysenter} and 32-bit code reach the same stop (the kernel skips them all the same), but
 * their registers mean something else: the guest ends with SIGSYS, as under a seccomp filter.
 */
final class PtraceMachine implements GuestMachine {

    /** The 64-bit user code segment on x86-64 Linux (__USER_CS); 32-bit code runs in 0x23. */
    private static final long USER64_CS = 0x33;
    private static final long INITIAL_RFLAGS = 0x202;
    private static final long SIGINFO_SIZE = 128;

    private final Stub stub;
    private final GuestMemory memory;
    private final UserRegs regs;
    private final PtraceGuestCpu cpu;
    private final MemorySegment siginfo;
    private final Arena arena = Arena.ofConfined();
    private final long userBase = GuestLayout.USER_BASE;
    private boolean regsChanged;
    private boolean kicked;
    private boolean closed;
    private long exits;

    /** On the stub's tracer thread. */
    PtraceMachine(Stub stub, long ram) {
        this.stub = stub;
        this.memory = stub.mapGuestMemory(ram);
        this.regs = stub.regs;
        this.cpu = new PtraceGuestCpu(regs);
        this.siginfo = arena.allocate(SIGINFO_SIZE, 8);
    }

    @Override
    public GuestMemory memory() {
        return memory;
    }

    @Override
    public GuestCpu cpu() {
        return cpu;
    }

    @Override
    public void enterUserMode(long entry, long stackPointer) {
        regs.clearGeneral();
        regs.noSyscall();
        regs.rip(entry);
        regs.rsp(stackPointer);
        regs.eflags(INITIAL_RFLAGS);
        regs.fsBase(0);
        regs.gsBase(0);
        regsChanged = true;
    }

    @Override
    public GuestExit run() {
        int pid = stub.pid;
        if (stub.gone()) {
            return ended(-1);
        }
        if (regsChanged) {
            if (!Ptrace.setRegsOrGone(pid, regs.segment())) {
                return reap();
            }
            regsChanged = false;
        }
        if (!Ptrace.sysemuOrGone(pid)) {
            return reap();
        }
        int status = ChildProcess.waitpid(pid, stub.status, ChildProcess.WALL);
        exits++;
        if (!WaitStatus.stopped(status)) {
            stub.markGone();
            return ended(status);
        }
        int signal = WaitStatus.stopSignal(status);
        if (signal == Ptrace.SYSCALL_STOP) {
            return syscall();
        }
        if (WaitStatus.event(status) == 0 && PtraceFaults.isFault(signal)) {
            if (!Ptrace.getSigInfoOrGone(pid, siginfo) || !Ptrace.getRegsOrGone(pid, regs.segment())) {
                return reap();
            }
            if (PtraceFaults.causedByGuest(siginfo)) {
                return PtraceFaults.report(signal, regs, siginfo);
            }
        }
        // A signal someone sent the stub, or a group stop: not the guest's business. Resuming
        // without it drops it (only SIGKILL cannot be stopped this way, and that ends the stub).
        return new GuestExit.Interrupted();
    }

    @Override
    public void completeSyscall(long result) {
        regs.rax(result);
        regsChanged = true;
    }

    @Override
    public synchronized void kick() {
        if (closed) {
            return; // the pidfd may be closed, and its number reused
        }
        kicked = true;
        stub.kill();
    }

    @Override
    public long exits() {
        return exits;
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        try {
            stub.close();
        } finally {
            try {
                memory.close();
            } finally {
                arena.close();
            }
        }
    }

    private GuestExit syscall() {
        if (!Ptrace.getRegsOrGone(stub.pid, regs.segment())) {
            return reap();
        }
        long rip = regs.rip();
        if (regs.cs() != USER64_CS || !syscallInstructionBefore(rip)) {
            return PtraceFaults.foreignSyscall(regs, instructionBefore(rip));
        }
        return new GuestExit.Syscall(new SyscallArgs(regs.origRax(), regs.rdi(), regs.rsi(), regs.rdx(), regs.r10(),
                regs.r8(), regs.r9()));
    }

    /** Whether the two bytes before rip are {@code syscall} (0F 05), in guest memory or the stub's own code. */
    private boolean syscallInstructionBefore(long rip) {
        return instructionBefore(rip) == 0x050F || StubImage.isSyscallInstruction(rip - 2);
    }

    /** The two bytes before {@code rip} as a little-endian short, when they are guest memory; -1 otherwise. */
    private int instructionBefore(long rip) {
        long at = rip - 2;
        if (at < userBase || at > memory.size() - 2) {
            return -1;
        }
        MemorySegment ram = memory.host();
        return (ram.get(JAVA_BYTE, at) & 0xff) | (ram.get(JAVA_BYTE, at + 1) & 0xff) << 8;
    }

    /** A ptrace request found the stub gone (ESRCH): reap it and say why it ended. */
    private GuestExit reap() {
        int status = ChildProcess.waitpid(stub.pid, stub.status, ChildProcess.WALL);
        if (!WaitStatus.stopped(status)) {
            stub.markGone();
        }
        return stub.gone() ? ended(status) : new GuestExit.Interrupted();
    }

    /** The stub has ended: by our kick (the loop then reports the stop), or by something else, which ends the guest too. */
    private GuestExit ended(int status) {
        synchronized (this) {
            if (kicked) {
                return new GuestExit.Interrupted();
            }
        }
        if (status != -1 && WaitStatus.signaled(status) && WaitStatus.termSignal(status) == Signals.SIGSYS) {
            return new GuestExit.Fault(Signals.SIGSYS, "guest fault: a host syscall outside the library OS (the vsyscall "
                    + "page?) was refused by the stub's seccomp filter (SIGSYS)");
        }
        String how = status == -1 ? "is gone" : WaitStatus.describe(status);
        int signal = status != -1 && WaitStatus.signaled(status) ? WaitStatus.termSignal(status) : Signals.SIGKILL;
        return new GuestExit.Fault(signal, "guest lost: its stub process " + how + ", not by the VMM's doing");
    }
}
