package borgcell.borglet.metrics;

import borgcell.borglet.Borglet;
import borgcell.borglet.runtime.TaskRuntime;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.util.List;

/** The Borglet-wide gauges, and the metered wrapping of its runtimes. */
public final class BorgletMetrics {
    private BorgletMetrics() {}

    public static List<TaskRuntime> metered(List<TaskRuntime> runtimes, MeterRegistry registry) {
        return runtimes.stream().map(r -> (TaskRuntime) new MeteredRuntime(r, registry)).toList();
    }

    /** Gauges read from the running Borglet at scrape time. */
    public static void bind(Borglet borglet, MeterRegistry registry) {
        Gauge.builder("borg.borglet.heartbeat.age", borglet,
                        b -> b.sinceLastHeartbeat().map(d -> d.toNanos() / 1e9).orElse(Double.NaN))
                .description("Seconds since the leader last answered this Borglet's heartbeat")
                .baseUnit("seconds").register(registry);
        Gauge.builder("borg.borglet.registered", borglet, b -> b.isRegistered() ? 1 : 0)
                .description("1 once this Borglet's machine is registered with the cell").register(registry);
        Gauge.builder("borg.borglet.tasks.held", borglet, b -> b.reports().size())
                .description("Tasks this Borglet holds (running or ended and not yet acknowledged)")
                .register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }
}
