package borgcell.borglet.vmm.libos;

/** Linux errno values as a guest sees them (negated in rax). */
public final class GuestErrno {

    public static final int EPERM = 1;
    public static final int ESRCH = 3;
    public static final int EIO = 5;
    public static final int EBADF = 9;
    public static final int ENOMEM = 12;
    public static final int EFAULT = 14;
    public static final int EEXIST = 17;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int ENOTTY = 25;
    public static final int ENOSYS = 38;

    private GuestErrno() {}
}
