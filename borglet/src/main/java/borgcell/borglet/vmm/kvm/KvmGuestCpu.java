package borgcell.borglet.vmm.kvm;

import borgcell.borglet.vmm.arch.Msrs;
import borgcell.borglet.vmm.libos.GuestCpu;
import java.util.Map;

/** FS and GS bases for arch_prctl, written to the vCPU as MSRs (one ioctl, once per program in practice). */
final class KvmGuestCpu implements GuestCpu {

    private final KvmVcpu vcpu;
    private long fsBase;
    private long gsBase;

    KvmGuestCpu(KvmVcpu vcpu) {
        this.vcpu = vcpu;
    }

    @Override
    public long fsBase() {
        return fsBase;
    }

    @Override
    public void fsBase(long base) {
        vcpu.setMsrs(Map.of(Msrs.MSR_FS_BASE, base));
        fsBase = base;
    }

    @Override
    public long gsBase() {
        return gsBase;
    }

    @Override
    public void gsBase(long base) {
        vcpu.setMsrs(Map.of(Msrs.MSR_GS_BASE, base));
        gsBase = base;
    }
}
