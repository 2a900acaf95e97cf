package borgcell.master.metrics;

import borgcell.scheduler.PriorityBand;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the leader's duties measure: scheduling attempts and how long a pass takes, pending
 * tasks by band, preemptions, machines declared down, and how long ago each machine last
 * heartbeat. On followers these stay at zero (or empty): they do not schedule.
 */
public final class LeaderMetrics {
    private final Counter placed;
    private final Counter unplaced;
    private final Timer passDuration;
    private final Counter preemptions;
    private final Counter machinesDown;
    private final Map<PriorityBand, AtomicInteger> pending = new EnumMap<>(PriorityBand.class);
    private final MultiGauge heartbeatAge;

    public LeaderMetrics(MeterRegistry registry) {
        placed = Counter.builder("borg.scheduler.schedule.attempts").tag("result", "placed")
                .description("Task placement attempts by outcome").register(registry);
        unplaced = Counter.builder("borg.scheduler.schedule.attempts").tag("result", "unschedulable")
                .description("Task placement attempts by outcome").register(registry);
        passDuration = Timer.builder("borg.scheduler.attempt.duration")
                .description("Time of one scheduling pass over the pending tasks")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        preemptions = Counter.builder("borg.scheduler.preemptions")
                .description("Tasks evicted to make room for higher-priority ones").register(registry);
        machinesDown = Counter.builder("borg.machines.marked.down")
                .description("Machines the leader declared DOWN after missed heartbeats").register(registry);
        for (PriorityBand band : PriorityBand.values()) {
            AtomicInteger n = new AtomicInteger();
            pending.put(band, n);
            Gauge.builder("borg.scheduler.pending.tasks", n, AtomicInteger::get).tag("band", band.label())
                    .description("Tasks waiting for a machine, as of the last pass").register(registry);
        }
        heartbeatAge = MultiGauge.builder("borg.machine.heartbeat.age")
                .description("Seconds since each machine's last heartbeat reached the leader")
                .baseUnit("seconds").register(registry);
    }

    public Timer passDuration() {
        return passDuration;
    }

    public void attempts(int placedTasks, int unplacedTasks) {
        placed.increment(placedTasks);
        unplaced.increment(unplacedTasks);
    }

    public void pending(Map<PriorityBand, Integer> byBand) {
        for (PriorityBand band : PriorityBand.values()) {
            pending.get(band).set(byBand.getOrDefault(band, 0));
        }
    }

    public void preempted(int tasks) {
        preemptions.increment(tasks);
    }

    public void machineMarkedDown() {
        machinesDown.increment();
    }

    /** Replaces the per-machine rows: machines that left the cell (or a lost leadership) drop out. */
    public void heartbeatAges(Map<String, Long> ageMillisByMachine) {
        heartbeatAge.register(ageMillisByMachine.entrySet().stream()
                .map(e -> MultiGauge.Row.of(Tags.of("machine", e.getKey()), e.getValue() / 1000.0))
                .toList(), true);
    }

    public void notLeader() {
        heartbeatAges(Map.of());
        pending(Map.of());
    }

    List<PriorityBand> bands() {
        return List.of(PriorityBand.values());
    }
}
