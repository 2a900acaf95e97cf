package borgcell.borglet.vmm.kvm;

/** Why KVM_RUN returned, decoded from kvm_run: the cases the run loop tells apart. */
public sealed interface VcpuExit {

    /** {@code KVM_EXIT_IO}: the guest did {@code in}/{@code out} on a port. */
    record Io(int port, boolean out, int size) implements VcpuExit {}

    /** {@code KVM_EXIT_HLT}: the guest halted; rip is just past the {@code hlt}. */
    record Halt() implements VcpuExit {}

    /** {@code KVM_EXIT_SHUTDOWN}: a triple fault. */
    record Shutdown() implements VcpuExit {}

    /** {@code KVM_EXIT_MMIO}: an access to guest-physical memory no slot backs. */
    record Mmio(long physicalAddress, boolean write, int length) implements VcpuExit {}

    /** {@code KVM_EXIT_FAIL_ENTRY}: the CPU refused the guest state. */
    record FailEntry(long hardwareReason) implements VcpuExit {}

    /** {@code KVM_EXIT_INTERNAL_ERROR}: KVM could not emulate something. */
    record InternalError(int suberror) implements VcpuExit {}

    /** {@code KVM_RUN} returned EINTR: a signal (our kick) or {@code immediate_exit}. */
    record Interrupted() implements VcpuExit {}

    /** Any other exit reason: the VMM does not expect it from this guest. */
    record Other(int reason) implements VcpuExit {}

    default String describe() {
        return switch (this) {
            case Io io -> "KVM_EXIT_IO (" + (io.out() ? "out" : "in") + " port 0x" + Integer.toHexString(io.port()) + ")";
            case Halt h -> "KVM_EXIT_HLT";
            case Shutdown s -> "KVM_EXIT_SHUTDOWN (triple fault)";
            case Mmio m -> "KVM_EXIT_MMIO (" + (m.write() ? "write" : "read") + " at 0x" + Long.toHexString(m.physicalAddress()) + ")";
            case FailEntry f -> "KVM_EXIT_FAIL_ENTRY (hardware reason 0x" + Long.toHexString(f.hardwareReason()) + ")";
            case InternalError i -> "KVM_EXIT_INTERNAL_ERROR (suberror " + i.suberror() + ")";
            case Interrupted i -> "KVM_RUN interrupted";
            case Other o -> KvmExitReason.name(o.reason());
        };
    }
}
