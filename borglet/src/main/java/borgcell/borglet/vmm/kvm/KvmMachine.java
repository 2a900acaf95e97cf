package borgcell.borglet.vmm.kvm;

import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import borgcell.borglet.vmm.GuestExit;
import borgcell.borglet.vmm.GuestMachine;
import borgcell.borglet.vmm.arch.GuestCode;
import borgcell.borglet.vmm.arch.GuestLayout;
import borgcell.borglet.vmm.arch.LongMode;
import borgcell.borglet.vmm.arch.Selectors;
import borgcell.borglet.vmm.libos.GuestCpu;
import borgcell.borglet.vmm.libos.SyscallArgs;
import borgcell.borglet.vmm.memory.GuestMemory;
import java.lang.foreign.MemorySegment;

/**
 * A guest in a KVM VM of its own: guest RAM in one memory slot, one vCPU, the long-mode tables
 * below {@link GuestLayout#USER_BASE}.
 *
 * <p>A syscall arrives as an {@code out} to {@link GuestCode#SYSCALL_PORT} from the entry stub.
 * The answer is prepared here: an {@code iretq} frame (user rip from rcx, user code, user
 * rflags from r11, user rsp, user data) on the syscall page, rsp pointed at it, the result in
 * rax, and the vCPU resumed at the stub's {@code iretq}. The user's stack, red zone included,
 * is never written.
 */
final class KvmMachine implements GuestMachine {

    /** The RFLAGS bits a program may hold (CF PF AF ZF SF TF DF OF AC ID); never IOPL, NT or IF. */
    private static final long USER_RFLAGS = 0x1 | 0x4 | 0x10 | 0x40 | 0x80 | 0x100 | 0x400 | 0x800 | 0x40000 | 0x200000;
    private static final long RESERVED_RFLAGS = 0x2;
    private static final long IRET_FRAME = GuestLayout.SYSCALL_IRET_FRAME;

    private final Kvm kvm;
    private final boolean ownsKvm;
    private final GuestMemory memory;
    private final KvmVm vm;
    private final KvmVcpu vcpu;
    private final KvmGuestCpu cpu;
    private final VcpuKick kick;
    private final MemorySegment iretFrame;
    private KvmRegs syscallRegs;
    private long exits;

    /** On the thread that will run the guest; with {@code ownsKvm}, {@link #close()} closes {@code kvm} too. */
    KvmMachine(Kvm kvm, boolean ownsKvm, long ram, boolean hugePages) {
        GuestMemory memory = null;
        KvmVm vm = null;
        KvmVcpu vcpu = null;
        try {
            memory = GuestMemory.anonymous(ram, hugePages);
            vm = kvm.createVm();
            vm.setUserMemoryRegion(0, 0, memory.host());
            vcpu = vm.createVcpu(0);
            LongMode.writeSystemTables(memory);
        } catch (RuntimeException | Error e) {
            if (vcpu != null) {
                vcpu.close();
            }
            if (vm != null) {
                vm.close();
            }
            if (memory != null) {
                memory.close();
            }
            if (ownsKvm) {
                kvm.close();
            }
            throw e;
        }
        this.kvm = kvm;
        this.ownsKvm = ownsKvm;
        this.memory = memory;
        this.vm = vm;
        this.vcpu = vcpu;
        this.cpu = new KvmGuestCpu(vcpu);
        this.iretFrame = memory.slice(IRET_FRAME, 5 * 8);
        this.kick = new VcpuKick(vcpu.kvmRun());
        kick.enter();
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
        LongMode.enterUserMode(vcpu, entry, stackPointer);
    }

    @Override
    public GuestExit run() {
        VcpuExit exit = vcpu.run();
        exits++;
        return switch (exit) {
            case VcpuExit.Io io when io.out() && io.port() == GuestCode.SYSCALL_PORT -> {
                KvmRegs regs = vcpu.regs();
                syscallRegs = regs;
                yield new GuestExit.Syscall(new SyscallArgs(regs.rax(), regs.rdi(), regs.rsi(), regs.rdx(), regs.r10(),
                        regs.r8(), regs.r9()));
            }
            // A kick (then the stop request says why) or a stray signal.
            case VcpuExit.Interrupted interrupted -> new GuestExit.Interrupted();
            case VcpuExit.Halt halt -> KvmFaults.atHalt(vcpu, memory, exit);
            default -> KvmFaults.unexpected(vcpu, exit);
        };
    }

    @Override
    public void completeSyscall(long result) {
        KvmRegs regs = syscallRegs;
        iretFrame.set(JAVA_LONG_UNALIGNED, 0, regs.rcx());
        iretFrame.set(JAVA_LONG_UNALIGNED, 8, Selectors.USER_CODE);
        iretFrame.set(JAVA_LONG_UNALIGNED, 16, (regs.r11() & USER_RFLAGS) | RESERVED_RFLAGS);
        iretFrame.set(JAVA_LONG_UNALIGNED, 24, regs.rsp());
        iretFrame.set(JAVA_LONG_UNALIGNED, 32, Selectors.USER_DATA);
        regs.rax(result);
        regs.rsp(IRET_FRAME);
        regs.rip(GuestCode.SYSCALL_RETURN);
        vcpu.setRegs(regs);
    }

    @Override
    public void kick() {
        kick.kick();
    }

    @Override
    public long exits() {
        return exits;
    }

    @Override
    public void close() {
        // After leave() no kick writes to kvm_run, which goes away with the vCPU.
        kick.leave();
        try {
            vcpu.close();
        } finally {
            try {
                vm.close();
            } finally {
                memory.close();
                if (ownsKvm) {
                    kvm.close();
                }
            }
        }
    }
}
