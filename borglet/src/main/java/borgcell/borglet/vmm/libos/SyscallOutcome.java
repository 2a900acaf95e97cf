package borgcell.borglet.vmm.libos;

/** What serving a syscall leads to: a value for rax and the guest goes on, or the end of the program. */
public sealed interface SyscallOutcome {

    /** Resume the guest with {@code value} in rax (a negative errno for a failure). */
    record Return(long value) implements SyscallOutcome {}

    /** The program is done (exit, exit_group) with this status (0-255). */
    record Exit(int status) implements SyscallOutcome {}

    static SyscallOutcome value(long value) {
        return new Return(value);
    }

    static SyscallOutcome error(int errno) {
        return new Return(-errno);
    }

    static SyscallOutcome ok() {
        return new Return(0);
    }
}
