package borgcell.borglet.health;

import borgcell.api.v1.AllocatedPort;
import borgcell.api.v1.HealthCheck;
import borgcell.api.v1.TaskTemplate;
import borgcell.borglet.runtime.RunningTask;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The health checks a task's spec asks for, with the ports the cell gave this placement: what
 * its supervisor starts on each run ({@link #startFor}).
 */
public final class TaskHealthChecks {

    /** A task that asks for no checks. */
    public static final TaskHealthChecks NONE = new TaskHealthChecks(null, null, List.of());

    private final HealthCheck liveness;
    private final HealthCheck readiness;
    private final List<AllocatedPort> ports;

    private TaskHealthChecks(HealthCheck liveness, HealthCheck readiness, List<AllocatedPort> ports) {
        this.liveness = liveness;
        this.readiness = readiness;
        this.ports = List.copyOf(ports);
    }

    /** @param ports the placement's ports (TaskAssignment.ports), which http and tcp checks name */
    public static TaskHealthChecks of(TaskTemplate template, List<AllocatedPort> ports) {
        if (!template.hasLiveness() && !template.hasReadiness()) {
            return NONE;
        }
        return new TaskHealthChecks(template.hasLiveness() ? template.getLiveness() : null,
                template.hasReadiness() ? template.getReadiness() : null, ports);
    }

    /**
     * Starts the checks of one run; {@link RunHealth#NONE} when there are none.
     *
     * @param task "job/index#attempt", for logs
     * @param livenessFailed called once if the liveness check fails its threshold, with the reason
     */
    public RunHealth startFor(String task, RunningTask run, Consumer<String> livenessFailed) {
        if (this == NONE) {
            return RunHealth.NONE;
        }
        return RunHealth.start(task, plan(liveness, run), plan(readiness, run), livenessFailed);
    }

    private Optional<RunHealth.CheckPlan> plan(HealthCheck check, RunningTask run) {
        return Optional.ofNullable(check)
                .map(c -> new RunHealth.CheckPlan(Probes.forCheck(c, run, ports), CheckSettings.of(c)));
    }
}
