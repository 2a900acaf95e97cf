package borgcell.borglet.hollow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyRecorderTest {
    private static final long MS = 1_000_000L;

    @Test
    void percentilesAreNearestRankOverEverySample() {
        LatencyRecorder r = new LatencyRecorder();
        for (int i = 1; i <= 100; i++) {
            r.record(0, i * MS);
        }

        LatencyRecorder.Summary s = r.summary();

        assertThat(s.count()).isEqualTo(100);
        assertThat(s.p50Millis()).isEqualTo(50.0);
        assertThat(s.p99Millis()).isEqualTo(99.0);
        assertThat(s.maxMillis()).isEqualTo(100.0);
    }

    @Test
    void roundTripsAPauseOverlappedAreLeftOutOfTheClearSamples() {
        LatencyRecorder r = new LatencyRecorder();
        r.record(0, 5 * MS);          // 0-5 ms: before the pause
        r.record(8 * MS, 400 * MS);   // 8-408 ms: the pause stopped it
        r.record(100 * MS, 10 * MS);  // sent during the pause
        r.record(500 * MS, 7 * MS);   // after it
        List<GcPauses.Pause> pauses = List.of(new GcPauses.Pause(90 * MS, 390 * MS));

        LatencyRecorder.Clear clear = r.clearOf(pauses);

        assertThat(clear.leftOut()).isEqualTo(2);
        assertThat(clear.samples()).containsExactly(5 * MS, 7 * MS);
        assertThat(r.clearOf(List.of()).samples()).hasSize(4);
    }

    @Test
    void aCollectionOfThisJvmIsSeenAsAPauseInNanoTime() throws Exception {
        long before = System.nanoTime();
        try (GcPauses pauses = new GcPauses()) {
            System.gc();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (pauses.since(before).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            List<GcPauses.Pause> seen = pauses.since(before);

            assertThat(seen).isNotEmpty();
            assertThat(seen.getFirst().endNanos()).isGreaterThanOrEqualTo(seen.getFirst().startNanos());
            assertThat(seen.getFirst().endNanos()).isBetween(before - 5_000_000L, System.nanoTime() + 5_000_000L);
        }
    }
}
