package borgcell.master.metrics;

import borgcell.scheduler.PriorityBand;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
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
    private final MeterRegistry registry;
    /** The heartbeat-age gauge of each machine watched; only the leader's tick thread changes it. */
    private final Map<String, Gauge> ageGauges = new HashMap<>();
    private volatile ToLongFunction<String> silenceMillis = id -> 0;

    public LeaderMetrics(MeterRegistry registry) {
        this.registry = registry;
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
     * One gauge per machine, reading its age when scraped. Gauges are added and removed as
     * machines come, go down or come back (or leadership is lost), never re-registered all at
     * once: a cell of 10,000 machines must not register 10,000 meters on every tick.
     */
    public void heartbeatAges(Collection<String> machines, ToLongFunction<String> silenceMillis) {
        this.silenceMillis = silenceMillis;
        Set<String> watched = machines instanceof Set<String> set ? set : new HashSet<>(machines);
        for (var it = ageGauges.entrySet().iterator(); it.hasNext(); ) {
            var gauge = it.next();
            if (!watched.contains(gauge.getKey())) {
                registry.remove(gauge.getValue());
                it.remove();
            }
        }
        for (String id : machines) {
            if (!ageGauges.containsKey(id)) {
                ageGauges.put(id, Gauge.builder("borg.machine.heartbeat.age", id,
                                m -> this.silenceMillis.applyAsLong(m) / 1000.0)
                        .description("Seconds since each machine's last heartbeat reached the leader")
                        .baseUnit("seconds").tag("machine", id).strongReference(true).register(registry));
            }
        }
    }

    public void notLeader() {
        heartbeatAges(Set.of(), id -> 0);
        pending(Map.of());
    }

    List<PriorityBand> bands() {
        return List.of(PriorityBand.values());
    }
}
