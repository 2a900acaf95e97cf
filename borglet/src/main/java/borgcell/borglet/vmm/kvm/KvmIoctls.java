package borgcell.borglet.vmm.kvm;

import borgcell.borglet.vmm.host.Ioctl;

/** The KVM ioctls the VMM uses, named and numbered as in linux/kvm.h ({@code KVMIO} is 0xAE). */
public final class KvmIoctls {

    private static final int KVMIO = 0xAE;

    // On the /dev/kvm descriptor.
    public static final Ioctl KVM_GET_API_VERSION = Ioctl.io("KVM_GET_API_VERSION", KVMIO, 0x00);
    public static final Ioctl KVM_CREATE_VM = Ioctl.io("KVM_CREATE_VM", KVMIO, 0x01);
    public static final Ioctl KVM_CHECK_EXTENSION = Ioctl.io("KVM_CHECK_EXTENSION", KVMIO, 0x03);
    public static final Ioctl KVM_GET_VCPU_MMAP_SIZE = Ioctl.io("KVM_GET_VCPU_MMAP_SIZE", KVMIO, 0x04);
    public static final Ioctl KVM_GET_SUPPORTED_CPUID = Ioctl.iowr("KVM_GET_SUPPORTED_CPUID", KVMIO, 0x05, KvmCpuid2.HEADER_SIZE);

    // On a VM descriptor.
    public static final Ioctl KVM_CREATE_VCPU = Ioctl.io("KVM_CREATE_VCPU", KVMIO, 0x41);
    public static final Ioctl KVM_SET_USER_MEMORY_REGION = Ioctl.iow("KVM_SET_USER_MEMORY_REGION", KVMIO, 0x46,
            KvmUserspaceMemoryRegion.LAYOUT.byteSize());

    // On a vCPU descriptor.
    public static final Ioctl KVM_RUN = Ioctl.io("KVM_RUN", KVMIO, 0x80);
    public static final Ioctl KVM_GET_REGS = Ioctl.ior("KVM_GET_REGS", KVMIO, 0x81, KvmRegs.LAYOUT.byteSize());
    public static final Ioctl KVM_SET_REGS = Ioctl.iow("KVM_SET_REGS", KVMIO, 0x82, KvmRegs.LAYOUT.byteSize());
    public static final Ioctl KVM_GET_SREGS = Ioctl.ior("KVM_GET_SREGS", KVMIO, 0x83, KvmSregs.LAYOUT.byteSize());
    public static final Ioctl KVM_SET_SREGS = Ioctl.iow("KVM_SET_SREGS", KVMIO, 0x84, KvmSregs.LAYOUT.byteSize());
    public static final Ioctl KVM_SET_MSRS = Ioctl.iow("KVM_SET_MSRS", KVMIO, 0x89, KvmMsrs.HEADER_SIZE);
    public static final Ioctl KVM_SET_CPUID2 = Ioctl.iow("KVM_SET_CPUID2", KVMIO, 0x90, KvmCpuid2.HEADER_SIZE);

    /** KVM_CHECK_EXTENSION argument: registers mirrored in kvm_run, saving GET/SET_REGS per exit. */
    public static final int KVM_CAP_SYNC_REGS = 74;

    /** The only stable API version there has ever been. */
    public static final int KVM_API_VERSION = 12;

    private KvmIoctls() {}
}
