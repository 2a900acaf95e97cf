package borgcell.cli.bench.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ClosedLoopTest {

    @Test
    void eachClientWritesOneAtATimeWithFreshSequencesAndOnlyTheWindowCounts() throws InterruptedException {
        Set<String> written = ConcurrentHashMap.newKeySet();
        AtomicLong total = new AtomicLong();
        AtomicBoolean windowOpened = new AtomicBoolean();

        ClosedLoop.Sample sample = ClosedLoop.run(4, Duration.ofMillis(300), Duration.ofMillis(600), (client, sequence) -> {
            assertThat(written.add(client + "/" + sequence)).as("a fresh write each time").isTrue();
            total.incrementAndGet();
            Thread.sleep(5);
        }, () -> windowOpened.set(true));

        assertThat(windowOpened).isTrue();
        assertThat(sample.clients()).isEqualTo(4);
        assertThat(sample.errors()).isZero();
        assertThat(sample.firstError()).isNull();
        assertThat(sample.latencyNanos()).isNotEmpty();
        assertThat(java.util.Arrays.stream(sample.latencyNanos()).min().orElseThrow()).isGreaterThanOrEqualTo(5_000_000L);
        // The warm-up's writes (a third of the time) and the last one in flight are not counted.
        assertThat((long) sample.latencyNanos().length).isLessThan(total.get());
        assertThat(written).extracting(w -> w.split("/")[0]).containsOnly("0", "1", "2", "3");
    }

    @Test
    void failuresInTheWindowAreCountedWithTheFirstMessageAndNotTimed() throws InterruptedException {
        ClosedLoop.Sample sample = ClosedLoop.run(2, Duration.ZERO, Duration.ofMillis(400), (client, sequence) -> {
            if (client == 1) {
                throw new IllegalStateException("refused");
            }
            Thread.sleep(2);
        }, () -> {});

        assertThat(sample.errors()).isPositive();
        assertThat(sample.firstError()).isEqualTo("refused");
        // Client 1 backs off after each failure instead of spinning: a few per second, not thousands.
        assertThat(sample.errors()).isLessThan(20);
        assertThat(sample.latencyNanos()).isNotEmpty();
    }
}
