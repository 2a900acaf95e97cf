package borgcell.borglet.vmm.libos;

/** open(2) flags and fcntl(2) commands, x86-64 values (asm-generic/fcntl.h). */
final class OpenFlags {

    static final int O_ACCMODE = 3;
    static final int O_RDONLY = 0;
    static final int O_WRONLY = 1;
    static final int O_RDWR = 2;
    static final int O_CREAT = 0x40;
    static final int O_EXCL = 0x80;
    static final int O_NOCTTY = 0x100;
    static final int O_TRUNC = 0x200;
    static final int O_APPEND = 0x400;
    static final int O_NONBLOCK = 0x800;
    static final int O_DSYNC = 0x1000;
    static final int O_DIRECT = 0x4000;
    static final int O_LARGEFILE = 0x8000;
    static final int O_DIRECTORY = 0x10000;
    static final int O_NOFOLLOW = 0x20000;
    static final int O_NOATIME = 0x40000;
    static final int O_CLOEXEC = 0x80000;
    static final int O_SYNC = 0x101000;
    static final int O_PATH = 0x200000;
    static final int O_TMPFILE = 0x410000;

    /** *at calls: the working directory as dirfd. */
    static final int AT_FDCWD = -100;
    static final int AT_SYMLINK_NOFOLLOW = 0x100;
    static final int AT_EACCESS = 0x200;
    static final int AT_NO_AUTOMOUNT = 0x800;
    static final int AT_EMPTY_PATH = 0x1000;

    static final int F_DUPFD = 0;
    static final int F_GETFD = 1;
    static final int F_SETFD = 2;
    static final int F_GETFL = 3;
    static final int F_SETFL = 4;
    static final int F_DUPFD_CLOEXEC = 1030;
    static final int FD_CLOEXEC = 1;

    private OpenFlags() {}
}
