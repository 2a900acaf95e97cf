package borgcell.borglet.vmm.libos;

import static borgcell.borglet.vmm.libos.SyscallOutcome.error;
import static borgcell.borglet.vmm.libos.SyscallOutcome.value;

import borgcell.borglet.vmm.memory.UserMemory;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * read, write, readv, writev, ioctl on the three standard descriptors: 0 is an empty stdin,
 * 1 and 2 go to the caller's streams. There are no other files yet (EBADF).
 */
public final class FileSyscalls {

    static final int STDIN = 0;
    static final int STDOUT = 1;
    static final int STDERR = 2;
    /** IOV_MAX. */
    static final int MAX_IOVECS = 1024;
    /** Linux's MAX_RW_COUNT: one call moves at most this much. */
    static final long MAX_TRANSFER = 0x7ffff000L;
    private static final int CHUNK = 64 << 10;

    private final UserMemory memory;
    private final GuestStreams streams;
    private final byte[] buffer = new byte[CHUNK];

    public FileSyscalls(UserMemory memory, GuestStreams streams) {
        this.memory = memory;
        this.streams = streams;
    }

    /** read(fd, buf, count): stdin is at its end. */
    public SyscallOutcome read(SyscallArgs call) {
        int fd = call.int0();
        if (fd != STDIN) {
            return error(GuestErrno.EBADF);
        }
        memory.slice(call.a1(), Math.min(call.a2(), MAX_TRANSFER));
        return value(0);
    }

    /** write(fd, buf, count). */
    public SyscallOutcome write(SyscallArgs call) {
        OutputStream out = output(call.int0());
        if (out == null) {
            return error(GuestErrno.EBADF);
        }
        MemorySegment data = memory.slice(call.a1(), Math.min(call.a2(), MAX_TRANSFER));
        return copy(data, out);
    }

    /** readv(fd, iov, iovcnt). */
    public SyscallOutcome readv(SyscallArgs call) {
        if (call.int0() != STDIN) {
            return error(GuestErrno.EBADF);
        }
        long[][] iovecs = iovecs(call.a1(), call.int2());
        return iovecs == null ? error(GuestErrno.EINVAL) : value(0);
    }

    /** writev(fd, iov, iovcnt): all vectors checked first, then written in order. */
    public SyscallOutcome writev(SyscallArgs call) {
        OutputStream out = output(call.int0());
        if (out == null) {
            return error(GuestErrno.EBADF);
        }
        long[][] iovecs = iovecs(call.a1(), call.int2());
        if (iovecs == null) {
            return error(GuestErrno.EINVAL);
        }
        long written = 0;
        for (long[] iov : iovecs) {
            SyscallOutcome r = copy(memory.slice(iov[0], iov[1]), out);
            if (r instanceof SyscallOutcome.Return(long value) && value < 0) {
                return written > 0 ? value(written) : r;
            }
            written += iov[1];
        }
        return value(written);
    }

    /** ioctl(fd, request, arg): the standard descriptors are not terminals (TCGETS, TIOCGWINSZ: ENOTTY). */
    public SyscallOutcome ioctl(SyscallArgs call) {
        int fd = call.int0();
        return fd >= STDIN && fd <= STDERR ? error(GuestErrno.ENOTTY) : error(GuestErrno.EBADF);
    }

    /** Flushes the streams the guest wrote to (the VMM calls it when the guest ends). */
    public void flush() {
        try {
            streams.stdout().flush();
            streams.stderr().flush();
        } catch (IOException e) {
            // The reader went away; the task's end is reported all the same.
        }
    }

    private OutputStream output(int fd) {
        return switch (fd) {
            case STDOUT -> streams.stdout();
            case STDERR -> streams.stderr();
            default -> null;
        };
    }

    /** The (base, length) pairs of an iovec array, each checked against guest memory; null when count or total is invalid. */
    private long[][] iovecs(long address, int count) {
        if (count < 0 || count > MAX_IOVECS) {
            return null;
        }
        long[][] iovecs = new long[count][];
        long total = 0;
        for (int i = 0; i < count; i++) {
            long base = memory.readLong(address + 16L * i);
            long length = memory.readLong(address + 16L * i + 8);
            if (length < 0 || length > MAX_TRANSFER - total) {
                return null;
            }
            memory.slice(base, length);
            total += length;
            iovecs[i] = new long[] {base, length};
        }
        return iovecs;
    }

    private SyscallOutcome copy(MemorySegment data, OutputStream out) {
        try {
            for (long done = 0; done < data.byteSize(); done += CHUNK) {
                int n = (int) Math.min(CHUNK, data.byteSize() - done);
                MemorySegment.copy(data, ValueLayout.JAVA_BYTE, done, buffer, 0, n);
                out.write(buffer, 0, n);
            }
            return value(data.byteSize());
        } catch (IOException e) {
            return error(GuestErrno.EIO);
        }
    }
}
