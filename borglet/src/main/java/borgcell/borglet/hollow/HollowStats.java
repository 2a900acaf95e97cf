package borgcell.borglet.hollow;

import java.util.concurrent.atomic.LongAdder;

/**
 * What a {@link HollowFleet} counts, over the window since the last {@link #reset}: heartbeats
 * answered and failed, the round trip of each answered one, and what the answers carried of the
 * desired set.
 */
public final class HollowStats {
    final LatencyRecorder roundTrips = new LatencyRecorder();
    final LongAdder answered = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder refusedNotLeader = new LongAdder();
    final LongAdder full = new LongAdder();
    final LongAdder changes = new LongAdder();
    final LongAdder unchanged = new LongAdder();
    final LongAdder misfits = new LongAdder();
    final LongAdder registrations = new LongAdder();
    private volatile long windowStartNanos = System.nanoTime();

    /** The figures of the window so far. */
    public record Window(double seconds, long answered, long failed, long refusedNotLeader, long full, long changes,
                         long unchanged, long misfits, long registrations, LatencyRecorder.Summary roundTrip) {

        public double answeredPerSecond() {
            return seconds <= 0 ? 0 : answered / seconds;
        }
    }

    /** Every round trip of the window, for percentiles over several windows. */
    public LatencyRecorder roundTrips() {
        return roundTrips;
    }

    public Window window() {
        return new Window((System.nanoTime() - windowStartNanos) / 1e9, answered.sum(), failed.sum(),
                refusedNotLeader.sum(), full.sum(), changes.sum(), unchanged.sum(), misfits.sum(), registrations.sum(),
                roundTrips.summary());
    }

    /** Starts a new window: counts and round trips from now on. */
    public void reset() {
        roundTrips.reset();
        for (LongAdder a : new LongAdder[] {answered, failed, refusedNotLeader, full, changes, unchanged, misfits,
                registrations}) {
            a.reset();
        }
        windowStartNanos = System.nanoTime();
    }
}
