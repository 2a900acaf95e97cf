package borgcell.borglet.vmm.host;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * The one stat field Java's file attributes lack: {@code st_blocks}, the 512-byte units a host
 * file really occupies (what {@code ls -s} and {@code du} print; sparse and empty files differ
 * from their size). Through libc's {@code fstatat}, which glibc exports from 2.33 on; with an
 * older libc {@link #blocks} answers -1 and the caller estimates.
 */
public final class HostStat {

    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    /** x86-64 {@code struct stat}: 144 bytes, st_blocks at 64. */
    private static final long STAT_SIZE = 144;
    private static final long ST_BLOCKS = 64;

    private static final MethodHandle FSTATAT = Linker.nativeLinker().defaultLookup().find("fstatat")
            .map(symbol -> Linker.nativeLinker().downcallHandle(symbol,
                    FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT)))
            .orElse(null);

    private HostStat() {}

    /** st_blocks of {@code path}, not following a final link; -1 when the host cannot say. */
    public static long blocks(Path path) {
        if (FSTATAT == null) {
            return -1;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment stat = arena.allocate(STAT_SIZE, 8);
            int r = (int) FSTATAT.invokeExact(AT_FDCWD, arena.allocateFrom(path.toString()), stat, AT_SYMLINK_NOFOLLOW);
            return r == 0 ? stat.get(JAVA_LONG, ST_BLOCKS) : -1;
        } catch (Throwable t) {
            throw LibC.rethrown(t);
        }
    }
}
