package borgcell.borglet;

import static org.assertj.core.api.Assertions.assertThat;

import borgcell.api.v1.TaskUsageReport;
import borgcell.borglet.runtime.TaskUsage;
import borgcell.borglet.task.TaskKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsageChangesTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long MIB = 1L << 20;
    private static final TaskKey A = new TaskKey("a", 0, 1);
    private static final TaskKey B = new TaskKey("b", 3, 2);

    private final UsageChanges changes = new UsageChanges();

    @Test
    void aTaskIsFirstListedAtItsSecondReadingWithItsCpuRateOverTheInterval() {
        UsageChanges.Outgoing first = changes.next(Map.of(A, usage(0, 10 * MIB)), 0);
        assertThat(first.reports()).as("one reading gives no rate").isEmpty();
        assertThat(first.complete()).isTrue();
        changes.answered(first, true);

        // Half a core for two seconds: 1 s of CPU.
        UsageChanges.Outgoing second = changes.next(Map.of(A, usage(SECOND, 12 * MIB)), 2 * SECOND);

        assertThat(second.complete()).isTrue();
        assertThat(second.reports()).singleElement().satisfies(r -> {
            assertThat(r.getJob() + "/" + r.getIndex() + "#" + r.getAttempt()).isEqualTo("a/0#1");
            assertThat(r.getUsage().getCpuMillicores()).isEqualTo(500);
            assertThat(r.getUsage().getCpuSeconds()).isEqualTo(1.0);
            assertThat(r.getUsage().getMemoryBytes()).isEqualTo(12 * MIB);
            assertThat(r.getUsage().getMemoryPeakBytes()).isEqualTo(20 * MIB);
        });
    }

    @Test
    void onceTheLeaderHoldsItASteadyTaskIsNotSentAgain() {
        settle(A, 10 * MIB);
        // The same rate, memory a little up: not worth a byte on the wire.
        UsageChanges.Outgoing quiet = changes.next(Map.of(A, usage(3 * SECOND / 2, 10 * MIB + 4096)), 3 * SECOND);

        assertThat(quiet.reports()).isEmpty();
        assertThat(quiet.complete()).isFalse();
    }

    @Test
    void memoryOrCpuMovingNotablyIsSentAndOnlyForTheTaskThatMoved() {
        Map<TaskKey, TaskUsage> now = new LinkedHashMap<>();
        now.put(A, usage(0, 10 * MIB));
        now.put(B, usage(0, 10 * MIB));
        changes.answered(changes.next(now, 0), true);
        now.put(A, usage(SECOND, 10 * MIB));
        now.put(B, usage(SECOND, 10 * MIB));
        changes.answered(changes.next(now, 2 * SECOND), false);

        now.put(A, usage(2 * SECOND, 30 * MIB));   // memory tripled
        now.put(B, usage(SECOND + SECOND / 2, 10 * MIB)); // CPU rate 500m -> 250m
        List<TaskUsageReport> moved = changes.next(now, 4 * SECOND).reports();

        assertThat(moved).extracting(TaskUsageReport::getJob).containsExactlyInAnyOrder("a", "b");
        now.put(A, usage(3 * SECOND, 30 * MIB));
        now.put(B, usage(3 * SECOND + SECOND / 2, 10 * MIB)); // B back to 1000m
        assertThat(changes.next(now, 6 * SECOND).reports())
                .as("the leader never took the last heartbeat: A is still due, B moved again")
                .extracting(TaskUsageReport::getJob).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void whenTheLeaderAsksForAllEveryTaskIsListedAndMarkedComplete() {
        settle(A, 10 * MIB);
        UsageChanges.Outgoing quiet = changes.next(Map.of(A, usage(3 * SECOND / 2, 10 * MIB)), 3 * SECOND);
        changes.answered(quiet, true); // a new leader: it holds nothing

        UsageChanges.Outgoing all = changes.next(Map.of(A, usage(2 * SECOND, 10 * MIB)), 4 * SECOND);

        assertThat(all.complete()).isTrue();
        assertThat(all.reports()).extracting(TaskUsageReport::getJob).containsExactly("a");
    }

    @Test
    void aRestartedRunStartsItsRateAfreshAndAGoneTaskIsForgotten() {
        settle(A, 10 * MIB);
        assertThat(changes.next(Map.of(A, usage(SECOND / 10, 10 * MIB)), 3 * SECOND).reports())
                .as("less CPU than before: a new run, no rate yet").isEmpty();
        changes.answered(changes.next(Map.of(), 4 * SECOND), false);

        assertThat(changes.next(Map.of(A, usage(0, 10 * MIB)), 5 * SECOND).reports()).isEmpty();
        assertThat(changes.next(Map.of(A, usage(SECOND, 10 * MIB)), 6 * SECOND).reports())
                .as("the leader dropped it when it ended; it comes back as new").hasSize(1);
    }

    /** A's usage at 500m and {@code memory}, held by the leader. */
    private void settle(TaskKey key, long memory) {
        changes.answered(changes.next(Map.of(key, usage(0, memory)), 0), true);
        changes.answered(changes.next(Map.of(key, usage(SECOND, memory)), 2 * SECOND), false);
    }

    private static TaskUsage usage(long cpuNanos, long memory) {
        return new TaskUsage(cpuNanos, memory, 20 * MIB);
    }
}
