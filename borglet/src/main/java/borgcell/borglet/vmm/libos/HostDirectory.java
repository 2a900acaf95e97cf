package borgcell.borglet.vmm.libos;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A directory of the sandbox, open for getdents64 or as the base of *at calls and fchdir. Its
 * listing is read on the first getdents64 (and again after a seek to 0, as rewinddir does) and
 * served from there; the position is the index of the next entry, which is also each entry's
 * d_off cookie.
 */
final class HostDirectory implements OpenFile {

    /** d_type values of linux/dirent.h. */
    static final int DT_UNKNOWN = 0;
    static final int DT_FIFO = 1;
    static final int DT_CHR = 2;
    static final int DT_DIR = 4;
    static final int DT_BLK = 6;
    static final int DT_REG = 8;
    static final int DT_LNK = 10;
    static final int DT_SOCK = 12;
    /** A bound on one listing, so a huge directory cannot make the VMM hold an unbounded list. */
    static final int MAX_ENTRIES = 1 << 16;

    private final String guestPath;
    private final Path hostPath;
    private final boolean pathOnly;
    private List<Entry> entries;
    private long position;

    HostDirectory(String guestPath, Path hostPath, boolean pathOnly) {
        this.guestPath = guestPath;
        this.hostPath = hostPath;
        this.pathOnly = pathOnly;
    }

    String guestPath() {
        return guestPath;
    }

    Path hostPath() {
        return hostPath;
    }

    boolean pathOnly() {
        return pathOnly;
    }

    long position() {
        return position;
    }

    void position(long position) {
        if (position == 0) {
            entries = null; // rewinddir: list afresh
        }
        this.position = position;
    }

    /** The listing: ".", "..", then the names in sorted order (stable across calls and runs). */
    List<Entry> entries() {
        if (entries == null) {
            entries = list();
        }
        return entries;
    }

    @Override
    public int statusFlags() {
        return pathOnly ? OpenFlags.O_PATH : OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY;
    }

    @Override
    public void close() {
        entries = null;
    }

    private List<Entry> list() {
        List<Entry> list = new ArrayList<>();
        list.add(new Entry(".", inode(hostPath), DT_DIR));
        // ".." of the guest's root is the root itself; elsewhere the parent inside the sandbox.
        list.add(new Entry("..", inode(guestPath.equals("/") ? hostPath : hostPath.getParent()), DT_DIR));
        List<Path> names = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(hostPath)) {
            for (Path p : stream) {
                if (names.size() >= MAX_ENTRIES) {
                    break;
                }
                names.add(p);
            }
        } catch (IOException e) {
            throw HostErrors.toSyscallError(e);
        }
        names.sort(null);
        for (Path p : names) {
            list.add(new Entry(p.getFileName().toString(), inode(p), type(p)));
        }
        return list;
    }

    private static long inode(Path p) {
        try {
            return ((Number) Files.getAttribute(p, "unix:ino", LinkOption.NOFOLLOW_LINKS)).longValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return 0;
        }
    }

    private static int type(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (a.isSymbolicLink()) {
                return DT_LNK;
            }
            if (a.isDirectory()) {
                return DT_DIR;
            }
            if (a.isRegularFile()) {
                return DT_REG;
            }
            Map<String, Object> unix = Files.readAttributes(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return switch (((Integer) unix.get("mode")) & FileStat.S_IFMT) {
                case FileStat.S_IFIFO -> DT_FIFO;
                case FileStat.S_IFCHR -> DT_CHR;
                case FileStat.S_IFBLK -> DT_BLK;
                case FileStat.S_IFSOCK -> DT_SOCK;
                default -> DT_UNKNOWN;
            };
        } catch (IOException | UnsupportedOperationException e) {
            return DT_UNKNOWN;
        }
    }

    /** One directory entry as getdents64 reports it. */
    record Entry(String name, long inode, int type) {}
}
