package borgcell.borglet.runtime.container;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading and writing cgroup control files, and the CPU arithmetic both layouts share. */
final class CgroupFiles {
    /** The CFS period a CPU cap is a share of. */
    static final long CFS_PERIOD_MICROS = 100_000;
    /** The smallest quota the kernel takes. */
    private static final long MIN_QUOTA_MICROS = 1_000;
    /** The smallest {@code cpu.shares} the kernel takes (v1); 1024 is one core's worth. */
    private static final long MIN_SHARES = 2;
    private static final long MAX_SHARES = 262_144;

    private CgroupFiles() {}

    /** v1 {@code cpu.shares} for a request of {@code cpuMillis}: 1024 a core. */
    static long shares(long cpuMillis) {
        return Math.clamp(cpuMillis * 1024 / 1000, MIN_SHARES, MAX_SHARES);
    }

    /** v2 {@code cpu.weight} (1-10000) for the same request, mapped from the shares as runc maps them. */
    static long weight(long cpuMillis) {
        return 1 + (shares(cpuMillis) - MIN_SHARES) * 9_999 / (MAX_SHARES - MIN_SHARES);
    }

    /** The quota per {@link #CFS_PERIOD_MICROS} of a cap of {@code cpuLimitMillis} thousandths of a core. */
    static long quotaMicros(long cpuLimitMillis) {
        return Math.max(MIN_QUOTA_MICROS, cpuLimitMillis * CFS_PERIOD_MICROS / 1000);
    }

    static void write(Path file, long value) throws IOException {
        write(file, Long.toString(value));
    }

    static void write(Path file, String value) throws IOException {
        Files.writeString(file, value, StandardCharsets.US_ASCII);
    }

    /** The file's one number, or -1 when it is gone (the task ended), unreadable or not a number ("max"). */
    static long readLong(Path file) {
        try {
            return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** The number after {@code key} in a "key value" per line file (memory.events, cpu.stat), or -1. */
    static long readKeyed(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                if (line.startsWith(key + " ")) {
                    return Long.parseLong(line.substring(key.length() + 1).trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone or unreadable
        }
        return -1;
    }
}
