package borgcell.borglet.metrics;

import borgcell.borglet.runtime.RunningTask;
import borgcell.borglet.runtime.TaskExit;
import borgcell.borglet.runtime.TaskLaunch;
import borgcell.borglet.runtime.TaskRuntime;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Duration;

/**
 * A runtime that counts and times what the runtime it wraps does: starts, how long a start
 * takes (fork/exec for a process, VM creation for a microVM), each exit by reason, and each
 * running task's usage against its request ({@link TaskUsageMeters}).
 * A decorator, so the supervisors and the runtimes stay unaware of metrics.
 */
public final class MeteredRuntime implements TaskRuntime {
    private final TaskRuntime inner;
    private final MeterRegistry registry;
    private final Counter starts;
    private final Timer startLatency;
    private final Counter succeeded;
    private final Counter failed;
    private final Counter killed;
    private final Counter notStarted;
    private final Counter outOfMemory;
    private final Counter overDisk;

    public MeteredRuntime(TaskRuntime inner, MeterRegistry registry) {
        this.inner = inner;
        this.registry = registry;
        String runtime = inner.name();
        starts = Counter.builder("borg.borglet.task.starts").tag("runtime", runtime)
                .description("Task starts by runtime (restarts included)").register(registry);
        startLatency = Timer.builder("borg.borglet.runtime.start.duration").tag("runtime", runtime)
                .description("Time for the runtime to start a task").publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        succeeded = exits(registry, runtime, "succeeded");
        failed = exits(registry, runtime, "failed");
        killed = exits(registry, runtime, "killed");
        notStarted = exits(registry, runtime, "not_started");
        outOfMemory = exits(registry, runtime, "oom_killed");
        overDisk = exits(registry, runtime, "over_disk");
    }

    private static Counter exits(MeterRegistry registry, String runtime, String reason) {
        return Counter.builder("borg.borglet.task.exits").tag("runtime", runtime).tag("reason", reason)
                .description("Task exits by runtime and reason").register(registry);
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public java.util.Map<String, String> attributes() {
        return inner.attributes();
    }

    @Override
    public boolean selfTest() {
        return inner.selfTest();
    }

    @Override
    public int reapOrphans(java.nio.file.Path workDir) {
        return inner.reapOrphans(workDir);
    }

    @Override
    public RunningTask start(TaskLaunch launch) throws IOException {
        long t0 = System.nanoTime();
        RunningTask task = inner.start(launch);
        startLatency.record(Duration.ofNanos(System.nanoTime() - t0));
        starts.increment();
        task.onExit().thenAccept(this::countExit);
        TaskUsageMeters.follow(task, launch, inner.name(), registry);
        return task;
    }

    private void countExit(TaskExit exit) {
        switch (exit) {
            case TaskExit.Exited e -> (e.exitCode() == 0 ? succeeded : failed).increment();
            case TaskExit.Killed k -> killed.increment();
            case TaskExit.NotStarted n -> notStarted.increment();
            case TaskExit.OutOfMemory o -> outOfMemory.increment();
            case TaskExit.OverDisk d -> overDisk.increment();
            // Made by the supervisor out of a Killed; a runtime never answers it, so this is not reached.
            case TaskExit.Unhealthy u -> killed.increment();
        }
    }
}
