package borgcell.borglet.vmm.libos;

import borgcell.borglet.vmm.host.HostStat;
import borgcell.borglet.vmm.memory.UserMemory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;

/**
 * x86-64 {@code struct stat} (arch/x86/include/uapi/asm/stat.h, 144 bytes), filled from the
 * host file's attributes. Owner and group are reported as the guest's own (0): inside its
 * microVM the program is root, and host user ids mean nothing there.
 */
final class FileStat {

    static final int SIZE = 144;
    static final int S_IFMT = 0170000;
    static final int S_IFSOCK = 0140000;
    static final int S_IFLNK = 0120000;
    static final int S_IFREG = 0100000;
    static final int S_IFBLK = 0060000;
    static final int S_IFDIR = 0040000;
    static final int S_IFCHR = 0020000;
    static final int S_IFIFO = 0010000;
    static final long BLOCK_SIZE = 4096;

    private FileStat() {}

    /** The stat of a host path, not following a final link (the resolver already did, when asked). */
    static void write(UserMemory memory, long address, Path host) {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(host, "unix:dev,ino,mode,nlink,rdev,size,lastAccessTime,lastModifiedTime,ctime",
                    LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw HostErrors.toSyscallError(e);
        }
        long size = ((Number) a.get("size")).longValue();
        long blocks = HostStat.blocks(host);
        write(memory, address, ((Number) a.get("dev")).longValue(), ((Number) a.get("ino")).longValue(),
                ((Number) a.get("nlink")).longValue(), ((Number) a.get("mode")).intValue(), ((Number) a.get("rdev")).longValue(),
                size, blocks >= 0 ? blocks : estimatedBlocks(size),
                time(a.get("lastAccessTime")), time(a.get("lastModifiedTime")), time(a.get("ctime")));
    }

    /** Without the host's st_blocks: whole 4 KiB blocks, what ext4 and tmpfs allocate for a file without holes. */
    private static long estimatedBlocks(long size) {
        return (size + BLOCK_SIZE - 1) / BLOCK_SIZE * (BLOCK_SIZE / 512);
    }

    /** The stat of stdin, stdout, stderr: pipes, which is what they are to a task (the logs are behind them). */
    static void writeStream(UserMemory memory, long address, int fd) {
        Instant epoch = Instant.EPOCH;
        write(memory, address, 0, fd + 1, 1, S_IFIFO | 0600, 0, 0, 0, epoch, epoch, epoch);
    }

    private static void write(UserMemory memory, long address, long dev, long ino, long nlink, int mode, long rdev,
                              long size, long blocks, Instant atime, Instant mtime, Instant ctime) {
        byte[] zero = new byte[SIZE];
        memory.write(address, zero); // checks the whole range first, and clears the padding
        memory.writeLong(address, dev);
        memory.writeLong(address + 8, ino);
        memory.writeLong(address + 16, nlink);
        memory.writeInt(address + 24, mode);
        memory.writeInt(address + 28, 0);  // st_uid
        memory.writeInt(address + 32, 0);  // st_gid
        memory.writeLong(address + 40, rdev);
        memory.writeLong(address + 48, size);
        memory.writeLong(address + 56, BLOCK_SIZE);
        memory.writeLong(address + 64, blocks);
        timespec(memory, address + 72, atime);
        timespec(memory, address + 88, mtime);
        timespec(memory, address + 104, ctime);
    }

    private static void timespec(UserMemory memory, long address, Instant t) {
        memory.writeLong(address, t.getEpochSecond());
        memory.writeLong(address + 8, t.getNano());
    }

    private static Instant time(Object fileTime) {
        return fileTime instanceof FileTime t ? t.toInstant() : Instant.EPOCH;
    }
}
