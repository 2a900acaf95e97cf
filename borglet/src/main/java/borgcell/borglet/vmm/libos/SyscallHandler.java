package borgcell.borglet.vmm.libos;

/**
 * Serves one syscall. A handler may throw {@link borgcell.borglet.vmm.memory.BadGuestAddressException}
 * from any guest memory access; the library OS turns it into -EFAULT.
 */
@FunctionalInterface
public interface SyscallHandler {
    SyscallOutcome handle(SyscallArgs call);
}
