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
 *
 * <p>KVM writes the sync area only as KVM_RUN returns, and reads it only at the next entry (when
 * marked dirty). Between the two it says nothing about a KVM_SET_REGS: before the first run, or
 * after registers were set from another buffer, it is stale, and {@link #regs()} fetches them.
 */
public final class KvmVcpu implements AutoCloseable {

    private final int fd;
    private final MemorySegment runMapping;
    private final KvmRun run;
    private final Arena scratch = Arena.ofConfined();
    private final KvmRegs regs;
    private final KvmSregs sregs;
    private final boolean syncRegs;
    /** With sync regs: whether the sync area holds the vCPU's registers (as of the last exit, or to load at the next entry). */
    private boolean syncAreaCurrent;

    KvmVcpu(int fd, Kvm kvm, boolean syncRegs) {
        this.fd = fd;
        this.runMapping = LibC.mmap(kvm.vcpuMmapSize(), LibC.PROT_READ | LibC.PROT_WRITE, LibC.MAP_SHARED, fd, "kvm_run");
        this.run = new KvmRun(runMapping);
        this.syncRegs = syncRegs;
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
            // KVM may have left before taking dirty registers or storing them: unless they are still
            // pending (then they are what the vCPU will get), fetch them again when asked.
            syncAreaCurrent = syncRegs && (run.dirtyRegs() & KvmRun.KVM_SYNC_X86_REGS) != 0;
            return new VcpuExit.Interrupted();
        }
        syncAreaCurrent = syncRegs;
        return run.exit();
    }

    public KvmRun kvmRun() {
        return run;
    }

    /**
     * The vCPU's registers now: as of the last exit, or as last set. Synced ones cost no ioctl
     * after an exit; otherwise (or when the sync area is stale) KVM_GET_REGS fetches them.
     */
    public KvmRegs regs() {
        if (!syncRegs || !syncAreaCurrent) {
            LibC.ioctl(fd, KvmIoctls.KVM_GET_REGS, regs.segment());
            syncAreaCurrent = syncRegs;
        }
        return regs;
    }

    /**
     * Hands the (modified) registers back: the buffer {@link #regs()} returned is loaded at the
     * next entry (marked dirty, when synced); any other is set at once with KVM_SET_REGS.
     */
    public void setRegs(KvmRegs changed) {
        if (syncRegs && changed == regs) {
            run.dirtyRegs(KvmRun.KVM_SYNC_X86_REGS);
            syncAreaCurrent = true;
            return;
        }
        LibC.ioctl(fd, KvmIoctls.KVM_SET_REGS, changed.segment());
        if (syncRegs) {
            // The sync area no longer mirrors the vCPU, and must not overwrite these at the next entry.
            run.dirtyRegs(0);
            syncAreaCurrent = false;
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
