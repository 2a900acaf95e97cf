package borgcell.master.web;

import borgcell.api.v1.Constraint;
import borgcell.api.v1.HealthCheck;
import borgcell.api.v1.Job;
import borgcell.api.v1.Machine;
import borgcell.api.v1.Resources;
import borgcell.api.v1.Task;
import borgcell.api.v1.TaskUsage;
import borgcell.api.v1.TaskState;
import borgcell.cell.Cell;
import borgcell.scheduler.PriorityBand;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON shapes of the REST API: plain records with units in the names, states in lower
 * case, so that curl output and the UI read without the protobuf conventions.
 */
public final class JsonViews {
    private JsonViews() {}

    public record ResourcesJson(long cpuMillis, long ramBytes, long diskBytes, int ports) {
        static ResourcesJson of(Resources r) {
            return new ResourcesJson(r.getCpuMillis(), r.getRamBytes(), r.getDiskBytes(), r.getPorts());
        }
    }

    public record MachineJson(String id, String state, String address, ResourcesJson capacity,
                              ResourcesJson allocated, Map<String, String> attributes, List<String> runtimes,
                              Long heartbeatAgeMillis, long version) {
        static MachineJson of(Machine m, Long heartbeatAgeMillis) {
            return new MachineJson(m.getId(), lower(m.getState().name()), m.getAddress(),
                    ResourcesJson.of(m.getCapacity()), ResourcesJson.of(m.getAllocated()),
                    new TreeMap<>(m.getAttributesMap()), m.getRuntimesList(), heartbeatAgeMillis, m.getVersion());
        }
    }

    /**
     * @param usage what the running task uses, as its Borglet last reported it; null where unknown
     * @param ready running and passing its readiness check (or it has none)
     * @param health its health checks' word as its Borglet last reported it ("passing",
     *     "readiness: HTTP 503 on /healthz"); null when it has none to say
     */
    public record TaskJson(String job, int index, String state, String machine, int attempt, int restarts,
                           Integer exitCode, String message, long stateChangedMillis, long version, UsageJson usage,
                           boolean ready, String health) {
        static TaskJson of(Task t) {
            return new TaskJson(t.getJob(), t.getIndex(), lower(t.getState().name()),
                    t.getMachineId().isEmpty() ? null : t.getMachineId(), t.getAttempt(), t.getRestarts(),
                    Cell.isTerminal(t.getState()) ? t.getExitCode() : null, t.getMessage(),
                    t.getStateChangedMillis(), t.getVersion(), t.hasUsage() ? UsageJson.of(t.getUsage()) : null,
                    t.getReady(), t.getHealth().isEmpty() ? null : t.getHealth());
        }
    }

    public record UsageJson(long cpuMillicores, double cpuSeconds, long memoryBytes, long memoryPeakBytes) {
        static UsageJson of(TaskUsage u) {
            return new UsageJson(u.getCpuMillicores(), u.getCpuSeconds(), u.getMemoryBytes(), u.getMemoryPeakBytes());
        }
    }

    public record ConstraintJson(String attribute, String op, List<String> values) {
        static ConstraintJson of(Constraint c) {
            return new ConstraintJson(c.getAttribute(), lower(c.getOp().name()), c.getValuesList());
        }
    }

    /** @param liveness the task's liveness check, null when it has none; likewise readiness */
    public record TemplateJson(List<String> argv, Map<String, String> env, String runtime, ResourcesJson resources,
                               String restartPolicy, int maxAttempts, long backoffMillis,
                               List<ConstraintJson> constraints, HealthCheckJson liveness, HealthCheckJson readiness) {}

    /**
     * A health check as the spec has it: the probe ("exec", "http" or "tcp") and what it needs,
     * then its settings, 0 where the spec leaves them to the Borglet's defaults.
     */
    public record HealthCheckJson(String probe, List<String> argv, String port, String path, long initialDelayMillis,
                                  long intervalMillis, long timeoutMillis, int failureThreshold, int successThreshold) {
        static HealthCheckJson of(boolean present, HealthCheck c) {
            if (!present) {
                return null;
            }
            String port = switch (c.getProbeCase()) {
                case HTTP -> c.getHttp().getPort();
                case TCP -> c.getTcp().getPort();
                default -> null;
            };
            return new HealthCheckJson(lower(c.getProbeCase().name()), c.hasExec() ? c.getExec().getArgvList() : null,
                    port, c.hasHttp() ? c.getHttp().getPath() : null, c.getInitialDelayMillis(), c.getIntervalMillis(),
                    c.getTimeoutMillis(), c.getFailureThreshold(), c.getSuccessThreshold());
        }
    }

    /** A job in a list: counts, not tasks. */
    public record JobSummaryJson(String name, String user, int priority, String band, String state, int tasks,
                                 Map<String, Integer> tasksByState, long submittedMillis, long version) {
        static JobSummaryJson of(Job j) {
            Map<String, Integer> byState = new TreeMap<>();
            for (Task t : j.getTasksList()) {
                byState.merge(lower(t.getState().name()), 1, Integer::sum);
            }
            return new JobSummaryJson(j.getSpec().getName(), j.getSpec().getUser(), j.getSpec().getPriority(),
                    PriorityBand.of(j.getSpec().getPriority()).label(), jobState(j), j.getTasksCount(), byState,
                    j.getSubmittedMillis(), j.getVersion());
        }
    }

    /** A job's version, and its last update's progress (null before the first update). */
    public record VersionJson(long current, RolloutJson rollout) {
        static VersionJson of(Job j) {
            if (!j.hasRollout()) {
                return new VersionJson(j.getCurrentVersion(), null);
            }
            var r = j.getRollout();
            return new VersionJson(j.getCurrentVersion(), new RolloutJson(lower(r.getState().name()), r.getFromVersion(),
                    r.getToVersion(), r.getMessage(), r.getChangedMillis()));
        }
    }

    public record RolloutJson(String state, long fromVersion, long toVersion, String message, long changedMillis) {}

    /** A job with its template and every task. */
    public record JobJson(JobSummaryJson summary, VersionJson version, TemplateJson template, List<TaskJson> tasks) {
        static JobJson of(Job j) {
            var t = j.getSpec().getTask();
            TemplateJson template = new TemplateJson(t.getArgvList(), new TreeMap<>(t.getEnvMap()), t.getRuntime(),
                    ResourcesJson.of(t.getResources()), lower(t.getRestart().getPolicy().name()),
                    t.getRestart().getMaxAttempts(), t.getRestart().getBackoffMillis(),
                    t.getConstraintsList().stream().map(ConstraintJson::of).toList(),
                    HealthCheckJson.of(t.hasLiveness(), t.getLiveness()), HealthCheckJson.of(t.hasReadiness(), t.getReadiness()));
            return new JobJson(JobSummaryJson.of(j), VersionJson.of(j), template,
                    j.getTasksList().stream().map(TaskJson::of).toList());
        }
    }

    public record WhyPendingJson(String job, int pending, List<Map<String, Object>> tasks) {}

    static String jobState(Job j) {
        return switch (j.getState()) {
            case JOB_RUNNING -> "running";
            case JOB_FINISHED -> j.getTasksList().stream().allMatch(t -> t.getState() == TaskState.SUCCEEDED)
                    ? "succeeded" : "finished";
            case JOB_KILLED -> "killed";
            default -> "unknown";
        };
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
