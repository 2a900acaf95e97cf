package borgcell.borglet.vmm.libos;

import static borgcell.borglet.vmm.libos.SyscallOutcome.error;
import static borgcell.borglet.vmm.libos.SyscallOutcome.ok;
import static borgcell.borglet.vmm.libos.SyscallOutcome.value;

import borgcell.borglet.vmm.host.Errno;
import borgcell.borglet.vmm.memory.UserMemory;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * I/O on open descriptors: read, write, readv, writev, pread64, pwrite64, lseek, close, fstat,
 * fcntl, ioctl. Descriptor 0 is an empty stdin, 1 and 2 go to the caller's streams, the others
 * are sandbox files and directories that {@link PathSyscalls} opened. File data moves straight
 * between the host file and guest memory (the channel reads into a view of guest RAM).
 */
public final class FileSyscalls {

    static final int STDIN = 0;
    static final int STDOUT = 1;
    static final int STDERR = 2;
    /** IOV_MAX. */
    static final int MAX_IOVECS = 1024;
    /** Linux's MAX_RW_COUNT: one call moves at most this much. */
    static final long MAX_TRANSFER = 0x7ffff000L;
    static final int SEEK_SET = 0;
    static final int SEEK_CUR = 1;
    static final int SEEK_END = 2;
    private static final int CHUNK = 64 << 10;
    /** "Current position" for the helpers below, as opposed to pread/pwrite's explicit offset. */
    private static final long AT_POSITION = -1;

    private final UserMemory memory;
    private final FdTable fds;
    private final GuestStreams streams;
    private final long fileSizeLimit;
    private final byte[] buffer = new byte[CHUNK];

    FileSyscalls(UserMemory memory, FdTable fds, GuestStreams streams, long fileSizeLimit) {
        this.memory = memory;
        this.fds = fds;
        this.streams = streams;
        this.fileSizeLimit = fileSizeLimit;
    }

    /** read(fd, buf, count). */
    public SyscallOutcome read(SyscallArgs call) {
        OpenFile file = fds.get(call.a0());
        return value(readInto(file, memory.slice(call.a1(), Math.min(call.a2(), MAX_TRANSFER)), AT_POSITION));
    }

    /** write(fd, buf, count). */
    public SyscallOutcome write(SyscallArgs call) {
        OpenFile file = fds.get(call.a0());
        return value(writeFrom(file, memory.slice(call.a1(), Math.min(call.a2(), MAX_TRANSFER)), AT_POSITION));
    }

    /** pread64(fd, buf, count, offset): at an offset, the file position untouched. */
    public SyscallOutcome pread64(SyscallArgs call) {
        OpenFile file = fds.get(call.a0());
        checkPositional(file, call.a3());
        return value(readInto(file, memory.slice(call.a1(), Math.min(call.a2(), MAX_TRANSFER)), call.a3()));
    }

    /** pwrite64(fd, buf, count, offset). */
    public SyscallOutcome pwrite64(SyscallArgs call) {
        OpenFile file = fds.get(call.a0());
        checkPositional(file, call.a3());
        return value(writeFrom(file, memory.slice(call.a1(), Math.min(call.a2(), MAX_TRANSFER)), call.a3()));
    }

    /** readv(fd, iov, iovcnt): vector by vector until one comes back short. */
    public SyscallOutcome readv(SyscallArgs call) {
        OpenFile file = fds.get(call.a0());
        return vectored(call, slice -> readInto(file, slice, AT_POSITION));
    }

    /** writev(fd, iov, iovcnt): all vectors checked first, then written in order. */
    public SyscallOutcome writev(SyscallArgs call) {
        OpenFile file = fds.get(call.a0());
        return vectored(call, slice -> writeFrom(file, slice, AT_POSITION));
    }

    /** One transfer of a vectored call: the bytes moved for one iovec. */
    private interface Transfer {
        long move(MemorySegment slice);
    }

    /**
     * The iovec loop shared by readv and writev: stops at the first short transfer, and an error
     * after some bytes moved answers those bytes (as Linux does) rather than the error.
     */
    private SyscallOutcome vectored(SyscallArgs call, Transfer transfer) {
        long[][] iovecs = iovecs(call.a1(), call.int2());
        if (iovecs == null) {
            return error(Errno.EINVAL);
        }
        long done = 0;
        for (long[] iov : iovecs) {
            long n;
            try {
                n = transfer.move(memory.slice(iov[0], iov[1]));
            } catch (SyscallError e) {
                if (done > 0) {
                    return value(done);
                }
                throw e;
            }
            done += n;
            if (n < iov[1]) {
                break;
            }
        }
        return value(done);
    }

    /** lseek(fd, offset, whence): files and directories (a directory's position is its getdents cookie). */
    public SyscallOutcome lseek(SyscallArgs call) {
        OpenFile file = fds.get(call.a0());
        long offset = call.a1();
        int whence = call.int2();
        try {
            switch (file) {
                case StandardStream s -> {
                    return error(Errno.ESPIPE);
                }
                case HostFile f when f.channel() == null -> {
                    return error(Errno.EBADF);
                }
                case HostFile f -> {
                    long target = seekTarget(whence, offset, f.channel().position(), f.channel().size());
                    f.channel().position(target);
                    return value(target);
                }
                case HostDirectory d -> {
                    if (d.pathOnly()) {
                        return error(Errno.EBADF);
                    }
                    long target = seekTarget(whence, offset, d.position(), Long.MAX_VALUE);
                    if (whence == SEEK_END) {
                        return error(Errno.EINVAL);
                    }
                    d.position(target);
                    return value(target);
                }
            }
        } catch (IOException e) {
            throw HostErrors.toSyscallError(e);
        }
    }

    /** close(fd). */
    public SyscallOutcome close(SyscallArgs call) {
        fds.close(call.a0());
        return ok();
    }

    /** fstat(fd, statbuf). */
    public SyscallOutcome fstat(SyscallArgs call) {
        stat(fds.get(call.a0()), call.a1());
        return ok();
    }

    /** fcntl(fd, cmd, arg): duplicate (F_DUPFD), close-on-exec (F_GETFD/F_SETFD), status flags (F_GETFL, F_SETFL for O_APPEND). */
    public SyscallOutcome fcntl(SyscallArgs call) {
        OpenFile file = fds.get(call.a0());
        long arg = call.a2();
        switch (call.int1()) {
            case OpenFlags.F_DUPFD, OpenFlags.F_DUPFD_CLOEXEC -> {
                if (arg < 0 || arg >= FdTable.MAX_FDS) {
                    return error(Errno.EINVAL);
                }
                return value(fds.add(file, (int) arg, call.int1() == OpenFlags.F_DUPFD_CLOEXEC));
            }
            case OpenFlags.F_GETFD -> {
                return value(fds.closeOnExec(call.a0()) ? OpenFlags.FD_CLOEXEC : 0);
            }
            case OpenFlags.F_SETFD -> {
                fds.closeOnExec(call.a0(), (arg & OpenFlags.FD_CLOEXEC) != 0);
                return ok();
            }
            case OpenFlags.F_GETFL -> {
                return value(file.statusFlags());
            }
            case OpenFlags.F_SETFL -> {
                // Only O_APPEND means something here; O_NONBLOCK and the rest are accepted and moot.
                if (file instanceof HostFile f && f.channel() != null) {
                    f.append((arg & OpenFlags.O_APPEND) != 0);
                }
                return ok();
            }
            default -> {
                return error(Errno.EINVAL);
            }
        }
    }

    /** ioctl(fd, request, arg): nothing is a terminal (TCGETS, TIOCGWINSZ: ENOTTY). */
    public SyscallOutcome ioctl(SyscallArgs call) {
        fds.get(call.a0());
        return error(Errno.ENOTTY);
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

    /** The stat of an open file, into guest memory at {@code address}. */
    void stat(OpenFile file, long address) {
        switch (file) {
            case StandardStream s -> FileStat.writeStream(memory, address, s.fd());
            case HostFile f -> FileStat.write(memory, address, f.hostPath());
            case HostDirectory d -> FileStat.write(memory, address, d.hostPath());
        }
    }

    /** Reads into {@code into} at the file position or at {@code offset}: bytes read, 0 at the end. */
    long readInto(OpenFile file, MemorySegment into, long offset) {
        switch (file) {
            case StandardStream s -> {
                if (!s.readable()) {
                    throw new SyscallError(Errno.EBADF);
                }
                return 0; // stdin is at its end
            }
            case HostDirectory d -> throw new SyscallError(d.pathOnly() ? Errno.EBADF : Errno.EISDIR);
            case HostFile f -> {
                if (!f.readable()) {
                    throw new SyscallError(Errno.EBADF);
                }
                if (into.byteSize() == 0) {
                    return 0;
                }
                ByteBuffer target = into.asByteBuffer();
                try {
                    FileChannel channel = f.channel();
                    while (target.hasRemaining()) {
                        int n = offset == AT_POSITION ? channel.read(target) : channel.read(target, offset + target.position());
                        if (n < 0) {
                            break;
                        }
                    }
                } catch (IOException e) {
                    throw HostErrors.toSyscallError(e);
                }
                return target.position();
            }
        }
    }

    private long writeFrom(OpenFile file, MemorySegment data, long offset) {
        switch (file) {
            case StandardStream s -> {
                if (s.out() == null) {
                    throw new SyscallError(Errno.EBADF);
                }
                return copy(data, s.out());
            }
            case HostDirectory d -> throw new SyscallError(Errno.EBADF);
            case HostFile f -> {
                if (!f.writable()) {
                    throw new SyscallError(Errno.EBADF);
                }
                try {
                    FileChannel channel = f.channel();
                    long at = offset != AT_POSITION ? offset : f.append() ? channel.size() : channel.position();
                    if (data.byteSize() == 0) {
                        return 0;
                    }
                    if (at >= fileSizeLimit) {
                        throw new SyscallError(Errno.EFBIG);
                    }
                    ByteBuffer source = data.asSlice(0, Math.min(data.byteSize(), fileSizeLimit - at)).asByteBuffer();
                    while (source.hasRemaining()) {
                        channel.write(source, at + source.position());
                    }
                    if (offset == AT_POSITION) {
                        channel.position(at + source.position());
                    }
                    return source.position();
                } catch (IOException e) {
                    throw HostErrors.toSyscallError(e);
                }
            }
        }
    }

    private static void checkPositional(OpenFile file, long offset) {
        if (file instanceof StandardStream) {
            throw new SyscallError(Errno.ESPIPE);
        }
        if (offset < 0) {
            throw new SyscallError(Errno.EINVAL);
        }
    }

    private static long seekTarget(int whence, long offset, long position, long size) {
        long base = switch (whence) {
            case SEEK_SET -> 0;
            case SEEK_CUR -> position;
            case SEEK_END -> size;
            default -> throw new SyscallError(Errno.EINVAL);
        };
        long target;
        try {
            target = Math.addExact(base, offset);
        } catch (ArithmeticException e) {
            throw new SyscallError(Errno.EINVAL);
        }
        if (target < 0) {
            throw new SyscallError(Errno.EINVAL);
        }
        return target;
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

    private long copy(MemorySegment data, OutputStream out) {
        try {
            for (long done = 0; done < data.byteSize(); done += CHUNK) {
                int n = (int) Math.min(CHUNK, data.byteSize() - done);
                MemorySegment.copy(data, ValueLayout.JAVA_BYTE, done, buffer, 0, n);
                out.write(buffer, 0, n);
            }
            return data.byteSize();
        } catch (IOException e) {
            throw new SyscallError(Errno.EIO);
        }
    }
}
