package borgcell.borglet.vmm.ptrace;

import borgcell.borglet.vmm.libos.GuestCpu;

/**
 * FS and GS bases for arch_prctl: written into the registers read at the syscall's stop, which
 * go back to the stub with the syscall's result (one PTRACE_SETREGS for both).
 */
final class PtraceGuestCpu implements GuestCpu {

    private final UserRegs regs;

    PtraceGuestCpu(UserRegs regs) {
        this.regs = regs;
    }

    @Override
    public long fsBase() {
        return regs.fsBase();
    }

    @Override
    public void fsBase(long base) {
        regs.fsBase(base);
    }

    @Override
    public long gsBase() {
        return regs.gsBase();
    }

    @Override
    public void gsBase(long base) {
        regs.gsBase(base);
    }
}
