package borgcell.borglet.vmm.kvm;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemorySegment;

/**
 * {@code struct kvm_run}: the page a vCPU shares with its VMM (mmap of the vCPU descriptor).
 * Offsets are those of linux/kvm.h on x86-64; the exit union starts at byte 32.
 */
public final class KvmRun {

    private static final long IMMEDIATE_EXIT = 1;
    private static final long EXIT_REASON = 8;
    private static final long EXIT_UNION = 32;
    // union member views, all from EXIT_UNION
    private static final long IO_DIRECTION = EXIT_UNION;       // __u8 direction (KVM_EXIT_IO_OUT = 1)
    private static final long IO_SIZE = EXIT_UNION + 1;        // __u8 size
    private static final long IO_PORT = EXIT_UNION + 2;        // __u16 port
    private static final long MMIO_PHYS_ADDR = EXIT_UNION;     // __u64 phys_addr
    private static final long MMIO_LEN = EXIT_UNION + 16;      // __u32 len (after __u8 data[8])
    private static final long MMIO_IS_WRITE = EXIT_UNION + 20; // __u8 is_write
    private static final long FAIL_ENTRY_REASON = EXIT_UNION;  // __u64 hardware_entry_failure_reason
    private static final long INTERNAL_SUBERROR = EXIT_UNION;  // __u32 suberror
    private static final long VALID_REGS = 288;                // __u64 kvm_valid_regs
    private static final long DIRTY_REGS = 296;                // __u64 kvm_dirty_regs
    private static final long SYNC_REGS = 304;                 // union { struct kvm_sync_regs regs; ... } s

    /** {@code KVM_SYNC_X86_REGS}: the kvm_regs part of the sync area. */
    public static final long KVM_SYNC_X86_REGS = 1;

    private final MemorySegment segment;

    public KvmRun(MemorySegment segment) {
        this.segment = segment;
    }

    public int exitReason() {
        return segment.get(JAVA_INT, EXIT_REASON);
    }

    /** Decodes the exit union for the current exit reason. */
    public VcpuExit exit() {
        int reason = exitReason();
        return switch (reason) {
            case KvmExitReason.KVM_EXIT_IO -> new VcpuExit.Io(Short.toUnsignedInt(segment.get(JAVA_SHORT, IO_PORT)),
                    segment.get(JAVA_BYTE, IO_DIRECTION) == 1, segment.get(JAVA_BYTE, IO_SIZE));
            case KvmExitReason.KVM_EXIT_HLT -> new VcpuExit.Halt();
            case KvmExitReason.KVM_EXIT_SHUTDOWN -> new VcpuExit.Shutdown();
            case KvmExitReason.KVM_EXIT_MMIO -> new VcpuExit.Mmio(segment.get(JAVA_LONG, MMIO_PHYS_ADDR),
                    segment.get(JAVA_BYTE, MMIO_IS_WRITE) != 0, segment.get(JAVA_INT, MMIO_LEN));
            case KvmExitReason.KVM_EXIT_FAIL_ENTRY -> new VcpuExit.FailEntry(segment.get(JAVA_LONG, FAIL_ENTRY_REASON));
            case KvmExitReason.KVM_EXIT_INTERNAL_ERROR -> new VcpuExit.InternalError(segment.get(JAVA_INT, INTERNAL_SUBERROR));
            case KvmExitReason.KVM_EXIT_INTR -> new VcpuExit.Interrupted();
            default -> new VcpuExit.Other(reason);
        };
    }

    /** Makes the next (or current, once a signal lands) KVM_RUN return EINTR at once. */
    public void immediateExit(boolean on) {
        segment.set(JAVA_BYTE, IMMEDIATE_EXIT, (byte) (on ? 1 : 0));
    }

    public boolean immediateExit() {
        return segment.get(JAVA_BYTE, IMMEDIATE_EXIT) != 0;
    }

    /** Asks KVM to copy the registers into the sync area on every exit. */
    public void validRegs(long mask) {
        segment.set(JAVA_LONG, VALID_REGS, mask);
    }

    /** Tells KVM which parts of the sync area to load before the next entry. */
    public void dirtyRegs(long mask) {
        segment.set(JAVA_LONG, DIRTY_REGS, mask);
    }

    /** The parts of the sync area still to load: KVM clears a part's bit as it takes it. */
    public long dirtyRegs() {
        return segment.get(JAVA_LONG, DIRTY_REGS);
    }

    /** The kvm_regs in the sync area (valid after an exit once {@link #validRegs} asked for them). */
    public KvmRegs syncRegs() {
        return new KvmRegs(segment.asSlice(SYNC_REGS, KvmRegs.LAYOUT.byteSize()));
    }
}
