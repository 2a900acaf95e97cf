package borgcell.borglet.runtime.container;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The system calls a task may not make, as the {@code seccomp} section of its OCI config:
 * everything else is allowed. A task has no capabilities, so most of these would fail anyway;
 * the filter also closes what an unprivileged process may still do and that a task has no
 * business doing: making new namespaces (a user namespace hands its creator every capability
 * inside it, and with it the kernel's less-travelled code), tracing or reading other
 * processes' memory, loading kernel code, keyrings, BPF, perf events, userfaultfd.
 *
 * <p>{@code clone3} answers ENOSYS rather than EPERM: its flags live in memory a filter cannot
 * read, and libc falls back to {@code clone} on ENOSYS, where the namespace flags are checked.
 */
final class SeccompProfile {
    private static final int EPERM = 1;
    private static final int ENOSYS = 38;

    private static final List<String> DENIED = List.of(
            // new namespaces and mounts
            "unshare", "setns", "mount", "umount", "umount2", "pivot_root", "chroot", "fsopen", "fsconfig", "fsmount",
            "fspick", "move_mount", "open_tree", "mount_setattr",
            // other processes
            "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "pidfd_getfd",
            // the kernel itself
            "init_module", "finit_module", "delete_module", "kexec_load", "kexec_file_load", "bpf", "perf_event_open",
            "userfaultfd", "iopl", "ioperm", "acct", "swapon", "swapoff", "reboot", "quotactl", "syslog",
            "open_by_handle_at", "name_to_handle_at", "lookup_dcookie",
            // keyrings, setting the clock, obsolete calls
            "add_key", "request_key", "keyctl", "settimeofday", "clock_settime", "uselib", "vm86", "vm86old",
            "nfsservctl", "_sysctl", "ustat", "sysfs");

    /** clone's flags that make a namespace (CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET). */
    static final List<Long> NAMESPACE_FLAGS = List.of(0x00020000L, 0x02000000L, 0x04000000L, 0x08000000L,
            0x10000000L, 0x20000000L, 0x40000000L);

    private SeccompProfile() {}

    static Map<String, Object> section() {
        List<Map<String, Object>> rules = new ArrayList<>();
        rules.add(rule(DENIED, EPERM, List.of()));
        rules.add(rule(List.of("clone3"), ENOSYS, List.of()));
        for (long flag : NAMESPACE_FLAGS) {
            // clone(flags, ...) with this flag set: (flags & flag) == flag
            rules.add(rule(List.of("clone"), EPERM, List.of(Map.of("index", 0, "value", flag, "valueTwo", flag,
                    "op", "SCMP_CMP_MASKED_EQ"))));
        }
        Map<String, Object> seccomp = new LinkedHashMap<>();
        seccomp.put("defaultAction", "SCMP_ACT_ALLOW");
        seccomp.put("architectures", List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"));
        seccomp.put("syscalls", rules);
        return seccomp;
    }

    private static Map<String, Object> rule(List<String> names, int errno, List<Map<String, Object>> args) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("names", names);
        rule.put("action", "SCMP_ACT_ERRNO");
        rule.put("errnoRet", errno);
        if (!args.isEmpty()) {
            rule.put("args", args);
        }
        return rule;
    }
}
