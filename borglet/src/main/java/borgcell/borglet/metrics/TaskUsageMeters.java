package borgcell.borglet.metrics;

import borgcell.borglet.runtime.RunningTask;
import borgcell.borglet.runtime.TaskLaunch;
import borgcell.borglet.runtime.TaskUsage;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Each running task's usage beside its request, for as long as it runs, where its runtime
 * measures usage (containers): CPU seconds and cores asked for, memory held now and at most
 * and memory asked for, tagged with the job and the task's index (as cAdvisor tags a pod's
 * containers). The meters go when the task ends, so a machine's series are its tasks.
 */
final class TaskUsageMeters {
    private TaskUsageMeters() {}

    static void follow(RunningTask task, TaskLaunch launch, String runtime, MeterRegistry registry) {
        if (task.usage().isEmpty()) {
            return; // this runtime does not measure (or the task has already ended)
        }
        Tags tags = Tags.of("runtime", runtime, "job", launch.job(), "index", Integer.toString(launch.index()));
        var resources = launch.template().getResources();
        List<Meter> meters = List.of(
                FunctionCounter.builder("borg.borglet.task.cpu", task, used(t -> t.cpuNanos() / 1e9))
                        .description("CPU time a running task has used").baseUnit("seconds").tags(tags).register(registry),
                Gauge.builder("borg.borglet.task.cpu.request", () -> resources.getCpuMillis() / 1000.0)
                        .description("Cores a running task asked for (its weight when the CPU is contended)")
                        .tags(tags).register(registry),
                Gauge.builder("borg.borglet.task.memory", task, used(TaskUsage::memoryBytes))
                        .description("Memory a running task holds now").baseUnit("bytes").tags(tags).register(registry),
                Gauge.builder("borg.borglet.task.memory.peak", task, used(TaskUsage::memoryPeakBytes))
                        .description("The most memory a running task has held").baseUnit("bytes").tags(tags).register(registry),
                Gauge.builder("borg.borglet.task.memory.request", () -> resources.getRamBytes())
                        .description("Memory a running task asked for: its limit").baseUnit("bytes").tags(tags)
                        .register(registry));
        task.onExit().whenComplete((exit, error) -> meters.forEach(registry::remove));
    }

    private static ToDoubleFunction<RunningTask> used(ToDoubleFunction<TaskUsage> figure) {
        return task -> task.usage().map(figure::applyAsDouble).orElse(Double.NaN);
    }
}
