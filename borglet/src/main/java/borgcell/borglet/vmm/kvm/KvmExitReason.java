package borgcell.borglet.vmm.kvm;

import java.util.Map;

/** {@code kvm_run.exit_reason} values (linux/kvm.h), with their names for crash reports. */
public final class KvmExitReason {

    public static final int KVM_EXIT_UNKNOWN = 0;
    public static final int KVM_EXIT_EXCEPTION = 1;
    public static final int KVM_EXIT_IO = 2;
    public static final int KVM_EXIT_HYPERCALL = 3;
    public static final int KVM_EXIT_DEBUG = 4;
    public static final int KVM_EXIT_HLT = 5;
    public static final int KVM_EXIT_MMIO = 6;
    public static final int KVM_EXIT_IRQ_WINDOW_OPEN = 7;
    public static final int KVM_EXIT_SHUTDOWN = 8;
    public static final int KVM_EXIT_FAIL_ENTRY = 9;
    public static final int KVM_EXIT_INTR = 10;
    public static final int KVM_EXIT_INTERNAL_ERROR = 17;
    public static final int KVM_EXIT_SYSTEM_EVENT = 24;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(KVM_EXIT_UNKNOWN, "KVM_EXIT_UNKNOWN"), Map.entry(KVM_EXIT_EXCEPTION, "KVM_EXIT_EXCEPTION"),
            Map.entry(KVM_EXIT_IO, "KVM_EXIT_IO"), Map.entry(KVM_EXIT_HYPERCALL, "KVM_EXIT_HYPERCALL"),
            Map.entry(KVM_EXIT_DEBUG, "KVM_EXIT_DEBUG"), Map.entry(KVM_EXIT_HLT, "KVM_EXIT_HLT"),
            Map.entry(KVM_EXIT_MMIO, "KVM_EXIT_MMIO"), Map.entry(KVM_EXIT_IRQ_WINDOW_OPEN, "KVM_EXIT_IRQ_WINDOW_OPEN"),
            Map.entry(KVM_EXIT_SHUTDOWN, "KVM_EXIT_SHUTDOWN"), Map.entry(KVM_EXIT_FAIL_ENTRY, "KVM_EXIT_FAIL_ENTRY"),
            Map.entry(KVM_EXIT_INTR, "KVM_EXIT_INTR"), Map.entry(KVM_EXIT_INTERNAL_ERROR, "KVM_EXIT_INTERNAL_ERROR"),
            Map.entry(KVM_EXIT_SYSTEM_EVENT, "KVM_EXIT_SYSTEM_EVENT"));

    private KvmExitReason() {}

    public static String name(int reason) {
        return NAMES.getOrDefault(reason, "exit reason " + reason);
    }
}
