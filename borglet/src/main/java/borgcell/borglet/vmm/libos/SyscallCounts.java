package borgcell.borglet.vmm.libos;

import java.util.Map;
import java.util.TreeMap;

/**
 * How many times each syscall number was made, and which of them were unsupported. Bounded
 * whatever the guest does: numbers are counted in a fixed array, and the few odd ones beyond it
 * in a map of at most {@link #MAX_ODD_NUMBERS} entries (the rest are lumped together as -1).
 */
public final class SyscallCounts {

    static final int TABLE_SIZE = 512;
    static final int MAX_ODD_NUMBERS = 64;

    private final long[] calls = new long[TABLE_SIZE];
    private final long[] unsupported = new long[TABLE_SIZE];
    private final Map<Long, Long> oddCalls = new TreeMap<>();
    private final Map<Long, Long> oddUnsupported = new TreeMap<>();
    private long total;

    void call(long number) {
        total++;
        count(number, calls, oddCalls);
    }

    void unsupported(long number) {
        count(number, unsupported, oddUnsupported);
    }

    public long total() {
        return total;
    }

    /** Number → calls made. */
    public Map<Long, Long> calls() {
        return asMap(calls, oddCalls);
    }

    /** Number → calls answered -ENOSYS. */
    public Map<Long, Long> unsupported() {
        return asMap(unsupported, oddUnsupported);
    }

    private static void count(long number, long[] table, Map<Long, Long> odd) {
        if (number >= 0 && number < TABLE_SIZE) {
            table[(int) number]++;
        } else {
            long key = odd.containsKey(number) || odd.size() < MAX_ODD_NUMBERS ? number : -1;
            odd.merge(key, 1L, Long::sum);
        }
    }

    private static Map<Long, Long> asMap(long[] table, Map<Long, Long> odd) {
        Map<Long, Long> map = new TreeMap<>(odd);
        for (int i = 0; i < table.length; i++) {
            if (table[i] != 0) {
                map.put((long) i, table[i]);
            }
        }
        return map;
    }
}
