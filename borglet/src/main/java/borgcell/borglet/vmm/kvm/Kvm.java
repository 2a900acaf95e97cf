package borgcell.borglet.vmm.kvm;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import borgcell.borglet.vmm.host.LibC;
import borgcell.borglet.vmm.host.NativeCallException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The {@code /dev/kvm} system descriptor and what it tells once about this host: API version,
 * size of the kvm_run mapping, whether registers can be synced through kvm_run, and the CPUID
 * leaves KVM supports (given to every vCPU, so a guest's feature checks see a real CPU).
 */
public final class Kvm implements AutoCloseable {

    public static final String DEVICE = "/dev/kvm";

    private final int fd;
    private final int vcpuMmapSize;
    private final boolean syncRegs;
    private final MemorySegment supportedCpuid;

    private Kvm(int fd) {
        this.fd = fd;
        int version = LibC.ioctl(fd, KvmIoctls.KVM_GET_API_VERSION, 0);
        if (version != KvmIoctls.KVM_API_VERSION) {
            LibC.close(fd);
            throw new IllegalStateException(DEVICE + " speaks KVM API version " + version + ", not " + KvmIoctls.KVM_API_VERSION);
        }
        this.vcpuMmapSize = LibC.ioctl(fd, KvmIoctls.KVM_GET_VCPU_MMAP_SIZE, 0);
        this.syncRegs = (LibC.ioctl(fd, KvmIoctls.KVM_CHECK_EXTENSION, KvmIoctls.KVM_CAP_SYNC_REGS) & KvmRun.KVM_SYNC_X86_REGS) != 0;
        this.supportedCpuid = readSupportedCpuid(fd);
    }

    /** Opens {@code /dev/kvm}; throws {@link NativeCallException} (ENOENT, EACCES) where there is none to use. */
    public static Kvm open() {
        return new Kvm(LibC.open(DEVICE, LibC.O_RDWR | LibC.O_CLOEXEC));
    }

    public KvmVm createVm() {
        return new KvmVm(LibC.ioctl(fd, KvmIoctls.KVM_CREATE_VM, 0), this);
    }

    int vcpuMmapSize() {
        return vcpuMmapSize;
    }

    /** Whether KVM_CAP_SYNC_REGS covers kvm_regs here: then an exit needs no GET/SET_REGS ioctl. */
    public boolean syncRegs() {
        return syncRegs;
    }

    MemorySegment supportedCpuid() {
        return supportedCpuid;
    }

    @Override
    public void close() {
        LibC.close(fd);
    }

    private static MemorySegment readSupportedCpuid(int fd) {
        MemorySegment cpuid = KvmCpuid2.allocate(Arena.ofAuto(), KvmCpuid2.MAX_ENTRIES);
        LibC.ioctl(fd, KvmIoctls.KVM_GET_SUPPORTED_CPUID, cpuid);
        // KVM wrote back how many entries it filled; keep exactly those for KVM_SET_CPUID2.
        int entries = cpuid.get(JAVA_INT, 0);
        return cpuid.asSlice(0, KvmCpuid2.HEADER_SIZE + KvmCpuid2.ENTRY_SIZE * entries);
    }
}
