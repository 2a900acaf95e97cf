package borgcell.borglet.vmm.libos;

/**
 * A syscall fails with {@code errno}: thrown from deep inside a handler (path resolution, a
 * host I/O error) and turned into {@code -errno} by {@link LibOs#serve}. No stack trace: this
 * is an answer to the guest, not a fault of the VMM, and a guest may cause millions.
 */
public final class SyscallError extends RuntimeException {

    private final int errno;

    public SyscallError(int errno) {
        super("errno " + errno, null, false, false);
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
