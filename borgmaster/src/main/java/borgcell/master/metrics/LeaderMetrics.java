package borgcell.master.metrics;

import borgcell.scheduler.PriorityBand;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;
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
    /** The machines heartbeatAge has rows for; only the leader's tick thread changes it. */
    private volatile Set<String> ageRows = Set.of();

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

    /**
     * One row per machine, each reading its age when scraped. The rows are replaced only when the
     * set of machines changes (one left the cell, went down, came back, or leadership was lost):
     * a large cell must not re-register thousands of gauges on every tick.
     */
    public void heartbeatAges(Collection<String> machines, ToLongFunction<String> silenceMillis) {
        Set<String> now = Set.copyOf(machines);
        if (now.equals(ageRows)) {
            return;
        }
        ageRows = now;
        heartbeatAge.register(now.stream()
                .map(id -> MultiGauge.Row.of(Tags.of("machine", id), id, m -> silenceMillis.applyAsLong(m) / 1000.0))
                .toList(), true);
    }

    public void notLeader() {
        heartbeatAges(Set.of(), id -> 0);
        pending(Map.of());
    }

    List<PriorityBand> bands() {
        return List.of(PriorityBand.values());
    }
}
