package borgcell.borglet.vmm.kvm;

import borgcell.borglet.vmm.host.LibC;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** A VM descriptor: memory slots and vCPUs. Closing it (after its vCPUs) frees the VM in the kernel. */
public final class KvmVm implements AutoCloseable {

    private final int fd;
    private final Kvm kvm;

    KvmVm(int fd, Kvm kvm) {
        this.fd = fd;
        this.kvm = kvm;
    }

    /** Backs guest-physical {@code [guestPhysicalAddress, +host.byteSize())} with {@code host}. */
    public void setUserMemoryRegion(int slot, long guestPhysicalAddress, MemorySegment host) {
        try (Arena arena = Arena.ofConfined()) {
            var region = new KvmUserspaceMemoryRegion(slot, 0, guestPhysicalAddress, host.byteSize(), host.address());
            LibC.ioctl(fd, KvmIoctls.KVM_SET_USER_MEMORY_REGION, region.allocate(arena));
        }
    }

    /** Creates vCPU {@code id}; call it on the thread that will run it. */
    public KvmVcpu createVcpu(int id) {
        return createVcpu(id, kvm.syncRegs());
    }

    /**
     * Creates vCPU {@code id} with registers through kvm_run's sync area or through
     * KVM_GET/SET_REGS, so that tests cover both paths on a host that offers both.
     */
    KvmVcpu createVcpu(int id, boolean syncRegs) {
        if (syncRegs && !kvm.syncRegs()) {
            throw new IllegalArgumentException("this host's KVM has no KVM_CAP_SYNC_REGS for kvm_regs");
        }
        int vcpuFd = LibC.ioctl(fd, KvmIoctls.KVM_CREATE_VCPU, id);
        return new KvmVcpu(vcpuFd, kvm, syncRegs);
    }

    @Override
    public void close() {
        LibC.close(fd);
    }
}
