package borgcell.scheduler.scale;

import borgcell.scheduler.scoring.MachinePreference;
import java.util.Arrays;
import java.util.Comparator;
import java.util.random.RandomGenerator;

/**
 * Machines in buckets by free cpu and free ram, {@value #LEVELS} levels each. Levels are half
 * octaves (each about 1.41 times the one below), so they are as fine for a tenth of a core as
 * for forty cores: most tasks are small, and with even levels every nearly full machine would
 * share the bottom bucket with the few that still fit a small task. A task visits only buckets
 * whose level is at least its demand's level in both: machines in lower buckets cannot take it
 * and are never checked. Buckets are
 * visited fuller first (for packing scorers) or emptier first (for spreading ones); within a
 * bucket the visit starts at a random member (relaxed randomization), so that equally good
 * machines share the load rather than the first one always winning.
 */
public final class FreeResourceIndex {

    public static final int LEVELS = 32;

    /** Called for each machine a search visits; returns false to stop the search. */
    @FunctionalInterface
    public interface Visitor {
        boolean visit(int machine);
    }

    /** Free amounts below one unit are level 0: 10 millicores, 16 MiB. */
    private static final long CPU_UNIT = 10;
    private static final long RAM_UNIT = 16L << 20;

    private final int[][] members = new int[LEVELS * LEVELS][];
    private final int[] sizes = new int[LEVELS * LEVELS];
    private final int[] bucketOf;
    private final int[] positionOf;
    /** Bucket numbers by (cpu level + ram level), then cpu level: the fuller-first visiting order. */
    private static final int[] FULLER_FIRST = fullerFirst();

    /** An empty index for machines numbered 0 to {@code machines - 1}. */
    public FreeResourceIndex(int machines) {
        this.bucketOf = new int[machines];
        this.positionOf = new int[machines];
        Arrays.fill(bucketOf, -1);
        for (int b = 0; b < members.length; b++) {
            members[b] = new int[4];
        }
    }

    /** Files the machine under its free resources, moving it if it was filed elsewhere. */
    public void put(int machine, long freeCpu, long freeRam) {
        int bucket = level(freeCpu, CPU_UNIT) * LEVELS + level(freeRam, RAM_UNIT);
        int old = bucketOf[machine];
        if (old == bucket) {
            return;
        }
        if (old >= 0) {
            remove(machine, old);
        }
        if (sizes[bucket] == members[bucket].length) {
            members[bucket] = Arrays.copyOf(members[bucket], sizes[bucket] * 2);
        }
        members[bucket][sizes[bucket]] = machine;
        positionOf[machine] = sizes[bucket];
        sizes[bucket]++;
        bucketOf[machine] = bucket;
    }

    /** Takes the machine out of the index (a machine that will take nothing in this pass). */
    public void remove(int machine) {
        if (bucketOf[machine] >= 0) {
            remove(machine, bucketOf[machine]);
            bucketOf[machine] = -1;
        }
    }

    private void remove(int machine, int bucket) {
        // Swap with the last member: O(1), and the order within a bucket does not matter.
        int last = members[bucket][sizes[bucket] - 1];
        int at = positionOf[machine];
        members[bucket][at] = last;
        positionOf[last] = at;
        sizes[bucket]--;
    }

    /**
     * Visits machines that may have room for {@code cpu} and {@code ram} (some in the lowest
     * buckets visited may still fall short: the caller checks), bucket by bucket in the order
     * the preference asks for, until the visitor says stop. Returns how many it visited.
     */
    public int visit(long cpu, long ram, MachinePreference order, RandomGenerator random, Visitor visitor) {
        int minCpu = level(cpu, CPU_UNIT);
        int minRam = level(ram, RAM_UNIT);
        int visited = 0;
        int n = FULLER_FIRST.length;
        for (int k = 0; k < n; k++) {
            int bucket = FULLER_FIRST[order == MachinePreference.EMPTIER ? n - 1 - k : k];
            int size = sizes[bucket];
            if (size == 0 || bucket / LEVELS < minCpu || bucket % LEVELS < minRam) {
                continue;
            }
            int[] inBucket = members[bucket];
            int start = size == 1 ? 0 : random.nextInt(size);
            for (int j = 0; j < size; j++) {
                int at = start + j;
                visited++;
                if (!visitor.visit(inBucket[at < size ? at : at - size])) {
                    return visited;
                }
            }
        }
        return visited;
    }

    /**
     * 0 below one unit, then two levels per doubling: {@code 2 * floor(log2(units)) + 1}, plus
     * one in the upper half of the octave. Monotone, so a machine with room for a demand is
     * never in a lower level than the demand.
     */
    static int level(long amount, long unit) {
        long units = amount / unit;
        if (units <= 0) {
            return 0;
        }
        int octave = 63 - Long.numberOfLeadingZeros(units);
        int upperHalf = octave == 0 ? 0 : (int) (units >>> (octave - 1)) & 1;
        return Math.min(LEVELS - 1, 1 + 2 * octave + upperHalf);
    }

    private static int[] fullerFirst() {
        Integer[] buckets = new Integer[LEVELS * LEVELS];
        for (int b = 0; b < buckets.length; b++) {
            buckets[b] = b;
        }
        Arrays.sort(buckets, Comparator.<Integer>comparingInt(b -> b / LEVELS + b % LEVELS).thenComparingInt(b -> b / LEVELS));
        return Arrays.stream(buckets).mapToInt(Integer::intValue).toArray();
    }
}
