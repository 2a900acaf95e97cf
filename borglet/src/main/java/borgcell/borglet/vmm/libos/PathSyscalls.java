package borgcell.borglet.vmm.libos;

import static borgcell.borglet.vmm.libos.SyscallOutcome.error;
import static borgcell.borglet.vmm.libos.SyscallOutcome.ok;
import static borgcell.borglet.vmm.libos.SyscallOutcome.value;

import borgcell.borglet.vmm.host.Errno;
import borgcell.borglet.vmm.memory.UserMemory;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The file namespace: open, openat, stat, lstat, newfstatat, access, faccessat, getcwd, chdir,
 * fchdir, getdents64. Every path goes through the {@link Sandbox}; without one (a VM started
 * with no sandbox) the guest's root is empty and every lookup is ENOENT.
 *
 * <p>Only regular files and directories open; a FIFO, socket or device node in the sandbox is
 * EACCES, since opening or reading one could block the vCPU thread on the host.
 */
public final class PathSyscalls {

    /** The flags open accepts; anything else (O_TMPFILE's bits among them) is EINVAL. */
    private static final int KNOWN_FLAGS = OpenFlags.O_ACCMODE | OpenFlags.O_CREAT | OpenFlags.O_EXCL | OpenFlags.O_NOCTTY
            | OpenFlags.O_TRUNC | OpenFlags.O_APPEND | OpenFlags.O_NONBLOCK | OpenFlags.O_DSYNC | OpenFlags.O_DIRECT
            | OpenFlags.O_LARGEFILE | OpenFlags.O_DIRECTORY | OpenFlags.O_NOFOLLOW | OpenFlags.O_NOATIME
            | OpenFlags.O_CLOEXEC | OpenFlags.O_SYNC | OpenFlags.O_PATH;
    /** The umask a fresh Linux process has. */
    private static final int UMASK = 022;
    private static final int F_OK = 0;
    private static final int X_OK = 1;
    private static final int W_OK = 2;
    private static final int R_OK = 4;
    private static final int LINUX_DIRENT64_HEADER = 19;

    private final UserMemory memory;
    private final FdTable fds;
    private final FileSyscalls files;
    private final Sandbox sandbox;
    private String cwd = "/";

    PathSyscalls(UserMemory memory, FdTable fds, FileSyscalls files, Sandbox sandbox) {
        this.memory = memory;
        this.fds = fds;
        this.files = files;
        this.sandbox = sandbox;
    }

    /** open(path, flags, mode). */
    public SyscallOutcome open(SyscallArgs call) {
        return value(open(OpenFlags.AT_FDCWD, path(call.a0()), call.int1(), (int) call.a2()));
    }

    /** openat(dirfd, path, flags, mode). */
    public SyscallOutcome openat(SyscallArgs call) {
        return value(open(call.int0(), path(call.a1()), call.int2(), (int) call.a3()));
    }

    /** stat(path, statbuf). */
    public SyscallOutcome stat(SyscallArgs call) {
        return statAt(OpenFlags.AT_FDCWD, path(call.a0()), call.a1(), 0);
    }

    /** lstat(path, statbuf). */
    public SyscallOutcome lstat(SyscallArgs call) {
        return statAt(OpenFlags.AT_FDCWD, path(call.a0()), call.a1(), OpenFlags.AT_SYMLINK_NOFOLLOW);
    }

    /** newfstatat(dirfd, path, statbuf, flags): AT_EMPTY_PATH makes it fstat (musl's fstat calls it so). */
    public SyscallOutcome newfstatat(SyscallArgs call) {
        return statAt(call.int0(), path(call.a1()), call.a2(), call.int3());
    }

    /** access(path, mode). */
    public SyscallOutcome access(SyscallArgs call) {
        return accessAt(OpenFlags.AT_FDCWD, path(call.a0()), call.int1(), 0);
    }

    /** faccessat(dirfd, path, mode, flags): the glibc/musl wrapper passes no flags to the kernel. */
    public SyscallOutcome faccessat(SyscallArgs call) {
        return accessAt(call.int0(), path(call.a1()), call.int2(), 0);
    }

    /** getcwd(buf, size): the length written, NUL included, as the raw syscall answers. */
    public SyscallOutcome getcwd(SyscallArgs call) {
        byte[] path = (cwd + "\0").getBytes(StandardCharsets.UTF_8);
        if (call.a1() < path.length) {
            return error(Errno.ERANGE);
        }
        memory.write(call.a0(), path);
        return value(path.length);
    }

    /** chdir(path). */
    public SyscallOutcome chdir(SyscallArgs call) {
        Sandbox.Resolved dir = resolve(OpenFlags.AT_FDCWD, path(call.a0()), true);
        if (!dir.exists()) {
            return error(Errno.ENOENT);
        }
        if (!dir.attributes().isDirectory()) {
            return error(Errno.ENOTDIR);
        }
        cwd = dir.guestPath();
        return ok();
    }

    /** fchdir(fd). */
    public SyscallOutcome fchdir(SyscallArgs call) {
        if (!(fds.get(call.a0()) instanceof HostDirectory d)) {
            return error(Errno.ENOTDIR);
        }
        cwd = d.guestPath();
        return ok();
    }

    /** getdents64(fd, dirp, count): as many whole linux_dirent64 records as fit; 0 at the end. */
    public SyscallOutcome getdents64(SyscallArgs call) {
        OpenFile file = fds.get(call.a0());
        if (!(file instanceof HostDirectory dir) || dir.pathOnly()) {
            return error(file instanceof HostDirectory ? Errno.EBADF : Errno.ENOTDIR);
        }
        long count = Math.min(call.a2() & 0xffffffffL, FileSyscalls.MAX_TRANSFER);
        memory.slice(call.a1(), count);
        List<HostDirectory.Entry> entries = dir.entries();
        long written = 0;
        while (dir.position() < entries.size()) {
            HostDirectory.Entry entry = entries.get((int) dir.position());
            byte[] name = entry.name().getBytes(StandardCharsets.UTF_8);
            int length = (LINUX_DIRENT64_HEADER + name.length + 1 + 7) & ~7;
            if (written + length > count) {
                if (written == 0) {
                    return error(Errno.EINVAL); // not even one record fits
                }
                break;
            }
            long at = call.a1() + written;
            byte[] record = new byte[length];
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(record).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            b.putLong(entry.inode()).putLong(dir.position() + 1).putShort((short) length).put((byte) entry.type()).put(name);
            memory.write(at, record);
            written += length;
            dir.position(dir.position() + 1);
        }
        return value(written);
    }

    String cwd() {
        return cwd;
    }

    private long open(int dirfd, String path, int flags, int mode) {
        if ((flags & ~KNOWN_FLAGS) != 0 || (flags & OpenFlags.O_ACCMODE) == 3) {
            throw new SyscallError(Errno.EINVAL);
        }
        boolean pathOnly = (flags & OpenFlags.O_PATH) != 0;
        int access = pathOnly ? OpenFlags.O_RDONLY : flags & OpenFlags.O_ACCMODE;
        boolean create = !pathOnly && (flags & OpenFlags.O_CREAT) != 0;
        boolean exclusive = create && (flags & OpenFlags.O_EXCL) != 0;
        boolean noFollow = (flags & OpenFlags.O_NOFOLLOW) != 0;
        boolean directory = (flags & OpenFlags.O_DIRECTORY) != 0;
        Sandbox.Resolved target = resolve(dirfd, path, !noFollow && !exclusive);
        boolean cloexec = (flags & OpenFlags.O_CLOEXEC) != 0;

        if (!target.exists()) {
            if (!create) {
                throw new SyscallError(Errno.ENOENT);
            }
            if (directory || path.endsWith("/")) {
                throw new SyscallError(Errno.EISDIR);
            }
            return add(openFile(target.hostPath(), access, true, false, flags, mode), cloexec);
        }
        if (exclusive) {
            throw new SyscallError(Errno.EEXIST);
        }
        if (target.attributes().isSymbolicLink()) {
            // O_NOFOLLOW on a link: ELOOP, as Linux; an O_PATH descriptor of a link is not served.
            throw new SyscallError(Errno.ELOOP);
        }
        if (target.attributes().isDirectory()) {
            if (access != OpenFlags.O_RDONLY || (flags & OpenFlags.O_TRUNC) != 0 && !pathOnly) {
                throw new SyscallError(Errno.EISDIR);
            }
            return add(new HostDirectory(target.guestPath(), target.hostPath(), pathOnly), cloexec);
        }
        if (directory) {
            throw new SyscallError(Errno.ENOTDIR);
        }
        if (!target.attributes().isRegularFile()) {
            throw new SyscallError(Errno.EACCES);
        }
        if (pathOnly) {
            return add(new HostFile(null, target.hostPath(), OpenFlags.O_RDONLY, false), cloexec);
        }
        boolean truncate = (flags & OpenFlags.O_TRUNC) != 0 && access != OpenFlags.O_RDONLY;
        return add(openFile(target.hostPath(), access, false, truncate, flags, mode), cloexec);
    }

    private HostFile openFile(Path host, int access, boolean createNew, boolean truncate, int flags, int mode) {
        Set<OpenOption> options = new HashSet<>();
        options.add(LinkOption.NOFOLLOW_LINKS);
        if (access == OpenFlags.O_RDONLY || access == OpenFlags.O_RDWR) {
            options.add(StandardOpenOption.READ);
        }
        if (access == OpenFlags.O_WRONLY || access == OpenFlags.O_RDWR) {
            options.add(StandardOpenOption.WRITE);
        }
        if (createNew) {
            options.add(StandardOpenOption.CREATE_NEW); // O_EXCL: never through a link that appeared meanwhile
            options.add(StandardOpenOption.WRITE);      // Java needs it to create; the access mode below still rules
        }
        if (truncate) {
            options.add(StandardOpenOption.TRUNCATE_EXISTING);
        }
        try {
            FileChannel channel = createNew
                    ? FileChannel.open(host, options, permissions(mode))
                    : FileChannel.open(host, options);
            return new HostFile(channel, host, access, (flags & OpenFlags.O_APPEND) != 0);
        } catch (IOException e) {
            throw HostErrors.toSyscallError(e);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            throw new SyscallError(Errno.EINVAL);
        }
    }

    private int add(OpenFile file, boolean cloexec) {
        try {
            return fds.add(file, 0, cloexec);
        } catch (SyscallError e) {
            file.close();
            throw e;
        }
    }

    private SyscallOutcome statAt(int dirfd, String path, long statbuf, int flags) {
        if ((flags & ~(OpenFlags.AT_SYMLINK_NOFOLLOW | OpenFlags.AT_EMPTY_PATH | OpenFlags.AT_NO_AUTOMOUNT)) != 0) {
            return error(Errno.EINVAL);
        }
        if (path.isEmpty() && (flags & OpenFlags.AT_EMPTY_PATH) != 0) {
            if (dirfd == OpenFlags.AT_FDCWD) {
                FileStat.write(memory, statbuf, sandboxOrEnoent().hostPathOf(cwd));
            } else {
                files.stat(fds.get(dirfd), statbuf);
            }
            return ok();
        }
        Sandbox.Resolved target = resolve(dirfd, path, (flags & OpenFlags.AT_SYMLINK_NOFOLLOW) == 0);
        if (!target.exists()) {
            return error(Errno.ENOENT);
        }
        FileStat.write(memory, statbuf, target.hostPath());
        return ok();
    }

    private SyscallOutcome accessAt(int dirfd, String path, int mode, int flags) {
        if ((mode & ~(F_OK | X_OK | W_OK | R_OK)) != 0) {
            return error(Errno.EINVAL);
        }
        Sandbox.Resolved target = resolve(dirfd, path, true);
        if (!target.exists()) {
            return error(Errno.ENOENT);
        }
        Path host = target.hostPath();
        boolean allowed = ((mode & R_OK) == 0 || Files.isReadable(host))
                && ((mode & W_OK) == 0 || Files.isWritable(host))
                && ((mode & X_OK) == 0 || Files.isExecutable(host));
        return allowed ? ok() : error(Errno.EACCES);
    }

    /** Resolves {@code path} from {@code dirfd} (AT_FDCWD: the working directory; ignored for an absolute path). */
    private Sandbox.Resolved resolve(int dirfd, String path, boolean followLast) {
        Sandbox root = sandboxOrEnoent();
        String base = cwd;
        if (!path.startsWith("/") && dirfd != OpenFlags.AT_FDCWD) {
            if (!(fds.get(dirfd) instanceof HostDirectory d)) {
                throw new SyscallError(Errno.ENOTDIR);
            }
            base = d.guestPath();
        }
        return root.resolve(base, path, followLast);
    }

    private Sandbox sandboxOrEnoent() {
        if (sandbox == null) {
            throw new SyscallError(Errno.ENOENT);
        }
        return sandbox;
    }

    /** A guest path string: NUL-terminated within PATH_MAX bytes, else ENAMETOOLONG (EFAULT if memory ends first). */
    private String path(long address) {
        long available = Math.max(0, memory.end() - address);
        byte[] bytes = memory.read(address, (int) Math.min(Sandbox.PATH_MAX, Math.max(1, available)));
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return new String(bytes, 0, i, StandardCharsets.UTF_8);
            }
        }
        throw new SyscallError(bytes.length == Sandbox.PATH_MAX ? Errno.ENAMETOOLONG : Errno.EFAULT);
    }

    private static FileAttribute<Set<PosixFilePermission>> permissions(int mode) {
        int bits = mode & 0777 & ~UMASK;
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
                PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int i = 0; i < order.length; i++) {
            if ((bits & (1 << i)) != 0) {
                set.add(order[i]);
            }
        }
        // The VMM itself must be able to serve the file to the guest, whatever mode the guest asked for.
        set.add(PosixFilePermission.OWNER_READ);
        set.add(PosixFilePermission.OWNER_WRITE);
        return PosixFilePermissions.asFileAttribute(set);
    }
}
