package borgcell.borglet.vmm.host;

/** A libc call or ioctl that failed: names the call and the errno, so the reader knows what the kernel refused. */
public final class NativeCallException extends RuntimeException {

    private final String call;
    private final int errno;

    public NativeCallException(String call, int errno) {
        super(call + " failed: " + Errno.describe(errno));
        this.call = call;
        this.errno = errno;
    }

    public String call() {
        return call;
    }

    public int errno() {
        return errno;
    }
}
