package borgcell.borglet.hollow;

import java.util.Arrays;

/**
 * Every latency recorded since the last {@link #reset}, kept whole (a few hundred thousand
 * longs for a minute of 10,000 machines) so that percentiles are exact, not bucketed.
 * Thread-safe: heartbeats complete on gRPC's threads.
 */
public final class LatencyRecorder {

    /** Nearest-rank percentiles of one window, in milliseconds. */
    public record Summary(long count, double p50Millis, double p99Millis, double maxMillis) {}

    private long[] nanos = new long[1 << 16];
    private long[] sentAt = new long[1 << 16];
    private int size;

    /** A round trip that began at {@code sentNanos} (System.nanoTime) and took {@code latencyNanos}. */
    public synchronized void record(long sentNanos, long latencyNanos) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
            sentAt = Arrays.copyOf(sentAt, size * 2);
        }
        sentAt[size] = sentNanos;
        nanos[size++] = latencyNanos;
    }

    public synchronized void reset() {
        size = 0;
    }

    /** The latencies recorded so far, in nanoseconds, in the order they came. */
    public synchronized long[] samples() {
        return Arrays.copyOf(nanos, size);
    }

    /**
     * The latencies recorded so far whose round trip no {@code pause} overlapped, and how many
     * were left out.
     */
    public synchronized Clear clearOf(java.util.List<GcPauses.Pause> pauses) {
        long[] kept = new long[size];
        int n = 0;
        for (int i = 0; i < size; i++) {
            long from = sentAt[i];
            long to = from + nanos[i];
            boolean covered = false;
            for (GcPauses.Pause p : pauses) {
                if (p.overlaps(from, to)) {
                    covered = true;
                    break;
                }
            }
            if (!covered) {
                kept[n++] = nanos[i];
            }
        }
        return new Clear(Arrays.copyOf(kept, n), size - n);
    }

    /** Latencies no pause of the measuring JVM covered, and the count of those left out. */
    public record Clear(long[] samples, int leftOut) {}

    public Summary summary() {
        return summarize(samples());
    }

    /** Percentiles over several windows' samples together. */
    public static Summary summarize(long[]... windows) {
        long[] sorted = Arrays.stream(windows).flatMapToLong(Arrays::stream).sorted().toArray();
        return new Summary(sorted.length, millis(percentile(sorted, 50)), millis(percentile(sorted, 99)),
                millis(sorted.length == 0 ? 0 : sorted[sorted.length - 1]));
    }

    /** Nearest rank: the smallest value with at least {@code p}% of the values at or below it. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }
}
