package borgcell.borglet.vmm;

import java.util.Map;

/**
 * What a run cost and did.
 *
 * @param createMicros VM, guest memory, vCPU and long-mode tables
 * @param loadMicros   ELF copied in, initial stack built, registers loaded
 * @param runMicros    from the first KVM_RUN to the end
 * @param exits        times KVM_RUN returned
 * @param syscalls     calls by name (unserved numbers as {@code syscall_N})
 * @param unsupported  calls answered -ENOSYS, by number
 */
public record VmStats(long createMicros, long loadMicros, long runMicros, long exits,
                      Map<String, Long> syscalls, Map<Long, Long> unsupported) {

    static final VmStats NONE = new VmStats(0, 0, 0, 0, Map.of(), Map.of());

    public long syscallTotal() {
        return syscalls.values().stream().mapToLong(Long::longValue).sum();
    }
}
