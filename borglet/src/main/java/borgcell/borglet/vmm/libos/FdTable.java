package borgcell.borglet.vmm.libos;

import borgcell.borglet.vmm.host.Errno;
import java.io.OutputStream;

/**
 * The guest's file descriptors: a fixed array of {@link #MAX_FDS} slots, lowest free first, as
 * POSIX wants. Bounded because every open host file costs the Borglet a host descriptor, and
 * hundreds of microVMs share the Borglet's limit. The same {@link OpenFile} may sit in several
 * slots (F_DUPFD); it is closed when the last of them is.
 */
final class FdTable {

    /** Also what getrlimit(RLIMIT_NOFILE) reports. */
    static final int MAX_FDS = 256;

    private final OpenFile[] files = new OpenFile[MAX_FDS];
    private final boolean[] closeOnExec = new boolean[MAX_FDS];

    FdTable(GuestStreams streams) {
        files[FileSyscalls.STDIN] = new StandardStream(FileSyscalls.STDIN, null);
        files[FileSyscalls.STDOUT] = new StandardStream(FileSyscalls.STDOUT, streams.stdout());
        files[FileSyscalls.STDERR] = new StandardStream(FileSyscalls.STDERR, streams.stderr());
    }

    /** The open file of {@code fd}; EBADF when there is none. */
    OpenFile get(long fd) {
        if (fd < 0 || fd >= MAX_FDS || files[(int) fd] == null) {
            throw new SyscallError(Errno.EBADF);
        }
        return files[(int) fd];
    }

    /** Puts {@code file} in the lowest free slot at or above {@code lowest}; EMFILE when none is (the caller closes the file then). */
    int add(OpenFile file, int lowest, boolean cloexec) {
        for (int fd = Math.max(0, lowest); fd < MAX_FDS; fd++) {
            if (files[fd] == null) {
                files[fd] = file;
                closeOnExec[fd] = cloexec;
                return fd;
            }
        }
        throw new SyscallError(Errno.EMFILE);
    }

    boolean closeOnExec(long fd) {
        get(fd);
        return closeOnExec[(int) fd];
    }

    void closeOnExec(long fd, boolean on) {
        get(fd);
        closeOnExec[(int) fd] = on;
    }

    /** close(2): EBADF for a free slot. */
    void close(long fd) {
        OpenFile file = get(fd);
        files[(int) fd] = null;
        closeOnExec[(int) fd] = false;
        if (!isOpenElsewhere(file)) {
            file.close();
        }
    }

    /** When the VM ends: every host file goes. */
    void closeAll() {
        for (int fd = 0; fd < MAX_FDS; fd++) {
            if (files[fd] != null) {
                close(fd);
            }
        }
    }

    int openCount() {
        int n = 0;
        for (OpenFile f : files) {
            n += f == null ? 0 : 1;
        }
        return n;
    }

    OutputStream output(long fd) {
        return get(fd) instanceof StandardStream s ? s.out() : null;
    }

    private boolean isOpenElsewhere(OpenFile file) {
        for (OpenFile f : files) {
            if (f == file) {
                return true;
            }
        }
        return false;
    }
}
