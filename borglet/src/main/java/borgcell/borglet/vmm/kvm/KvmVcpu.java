package borgcell.borglet.vmm.kvm;

import borgcell.borglet.vmm.host.LibC;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;

/**
 * A vCPU descriptor and its kvm_run page. Registers go through the sync area of kvm_run when
 * the host has KVM_CAP_SYNC_REGS (no ioctl per exit), through KVM_GET/SET_REGS otherwise.
 * Used by the thread that created it (its scratch buffers are confined to it); only the
 * kvm_run page is touched from elsewhere, by a {@link VcpuKick}.
 */
public final class KvmVcpu implements AutoCloseable {

    private final int fd;
    private final MemorySegment runMapping;
    private final KvmRun run;
    private final Arena scratch = Arena.ofConfined();
    private final KvmRegs regs;
    private final KvmSregs sregs;
    private final boolean syncRegs;

    KvmVcpu(int fd, Kvm kvm) {
        this.fd = fd;
        this.runMapping = LibC.mmap(kvm.vcpuMmapSize(), LibC.PROT_READ | LibC.PROT_WRITE, LibC.MAP_SHARED, fd, "kvm_run");
        this.run = new KvmRun(runMapping);
        this.syncRegs = kvm.syncRegs();
        this.regs = syncRegs ? run.syncRegs() : new KvmRegs(scratch.allocate(KvmRegs.LAYOUT));
        this.sregs = new KvmSregs(scratch.allocate(KvmSregs.LAYOUT));
        LibC.ioctl(fd, KvmIoctls.KVM_SET_CPUID2, kvm.supportedCpuid());
        if (syncRegs) {
            run.validRegs(KvmRun.KVM_SYNC_X86_REGS);
        }
    }

    /** Enters the guest until it exits; {@link VcpuExit.Interrupted} when a kick or signal ended the run. */
    public VcpuExit run() {
        if (LibC.ioctlInterruptible(fd, KvmIoctls.KVM_RUN, MemorySegment.NULL) < 0) {
            return new VcpuExit.Interrupted();
        }
        return run.exit();
    }

    public KvmRun kvmRun() {
        return run;
    }

    /** The registers as of the last exit (fetched with KVM_GET_REGS unless synced). */
    public KvmRegs regs() {
        if (!syncRegs) {
            LibC.ioctl(fd, KvmIoctls.KVM_GET_REGS, regs.segment());
        }
        return regs;
    }

    /** Hands the (modified) registers back for the next entry. */
    public void setRegs(KvmRegs changed) {
        if (syncRegs && changed == regs) {
            run.dirtyRegs(KvmRun.KVM_SYNC_X86_REGS);
        } else {
            LibC.ioctl(fd, KvmIoctls.KVM_SET_REGS, changed.segment());
        }
    }

    /** A scratch kvm_regs, zeroed, to build an initial state in. */
    public KvmRegs blankRegs() {
        KvmRegs blank = new KvmRegs(scratch.allocate(KvmRegs.LAYOUT));
        blank.clear();
        return blank;
    }

    public KvmSregs sregs() {
        LibC.ioctl(fd, KvmIoctls.KVM_GET_SREGS, sregs.segment());
        return sregs;
    }

    public void setSregs(KvmSregs changed) {
        LibC.ioctl(fd, KvmIoctls.KVM_SET_SREGS, changed.segment());
    }

    public void setMsrs(Map<Integer, Long> values) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment msrs = KvmMsrs.of(arena, values);
            int written = LibC.ioctl(fd, KvmIoctls.KVM_SET_MSRS, msrs);
            // KVM_SET_MSRS stops at the first MSR it refuses and returns how many it set.
            if (written != values.size()) {
                throw new IllegalStateException("KVM_SET_MSRS set " + written + " of " + values.size() + " MSRs " + values.keySet());
            }
        }
    }

    @Override
    public void close() {
        LibC.munmap(runMapping);
        LibC.close(fd);
        scratch.close();
    }
}
