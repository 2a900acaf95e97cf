package borgcell.cell;

import borgcell.api.v1.Constraint;
import borgcell.api.v1.DisruptionBudget;
import borgcell.api.v1.UpdatePolicy;
import borgcell.api.v1.JobSpec;
import borgcell.api.v1.PlacementPolicy;
import borgcell.api.v1.Preference;
import borgcell.api.v1.Resources;
import borgcell.api.v1.RestartSpec;
import borgcell.api.v1.TaskTemplate;
import java.util.Map;

/**
 * Checks a job spec against the {@link JobSpecContract} before anything is written. Each error names the field by its path in
 * the API ({@code spec.task.resources.ram_bytes}) and says what is wrong with the value.
 * The gRPC layer calls it to answer INVALID_ARGUMENT early; the cell calls it again on
 * apply so that a bad spec can never reach the state, whoever proposed it.
 */
public final class JobSpecValidator {

    private JobSpecValidator() {}

    /** Throws {@link CellError} (INVALID_ARGUMENT) for the first problem found. */
    public static void validate(JobSpec spec) {
        if (!JobSpecContract.NAME.matcher(spec.getName()).matches()) {
            throw bad("spec.name", "must be 1-63 characters of a-z, 0-9 and '-', starting and ending "
                    + "with a letter or digit (got \"" + clip(spec.getName()) + "\")");
        }
        if (spec.getUser().isBlank()) {
            throw bad("spec.user", "must not be empty");
        }
        if (spec.getPriority() < 0 || spec.getPriority() > JobSpecContract.MAX_PRIORITY) {
            throw bad("spec.priority", "must be between 0 and " + JobSpecContract.MAX_PRIORITY + " (got " + spec.getPriority() + ")");
        }
        if (spec.getTaskCount() < 1 || spec.getTaskCount() > JobSpecContract.MAX_TASKS) {
            throw bad("spec.task_count", "must be between 1 and " + JobSpecContract.MAX_TASKS + " (got " + spec.getTaskCount() + ")");
        }
        if (!spec.hasTask()) {
            throw bad("spec.task", "is required");
        }
        validateTask(spec.getTask());
        if (spec.hasUpdate()) {
            validateUpdate(spec.getUpdate(), spec.getTaskCount());
        }
        if (spec.hasDisruption()) {
            validateDisruption(spec.getDisruption());
        }
        if (spec.hasReschedule()) {
            inRange("spec.reschedule.max_reschedules", spec.getReschedule().getMaxReschedules(), 0,
                    JobSpecContract.MAX_RESCHEDULES);
        }
    }

    private static void validateUpdate(UpdatePolicy u, int taskCount) {
        String at = "spec.update.";
        inRange(at + "max_unavailable", u.getMaxUnavailable(), 0, JobSpecContract.MAX_TASKS);
        inRange(at + "max_surge", u.getMaxSurge(), 0, JobSpecContract.MAX_TASKS);
        if (u.getMaxUnavailable() == 0 && u.getMaxSurge() == 0) {
            throw bad(at + "max_unavailable", "and max_surge are both 0: an update could never replace a task; "
                    + "allow one down (max_unavailable: 1) or one extra (max_surge: 1)");
        }
        inRange(at + "canaries", u.getCanaries(), 0, taskCount);
        if (u.getProgressDeadlineMillis() != 0) {
            inRange(at + "progress_deadline_millis", u.getProgressDeadlineMillis(), JobSpecContract.MIN_PROGRESS_DEADLINE_MILLIS,
                    JobSpecContract.MAX_DEADLINE_MILLIS);
        }
    }

    private static void validateDisruption(DisruptionBudget d) {
        inRange("spec.disruption.max_disrupted", d.getMaxDisrupted(), 0, JobSpecContract.MAX_TASKS);
        inRange("spec.disruption.max_disrupted_percent", d.getMaxDisruptedPercent(), 0, 100);
    }

    private static void validateTask(TaskTemplate task) {
        if (task.getArgvCount() == 0) {
            throw bad("spec.task.argv", "must not be empty");
        }
        if (task.getArgvCount() > JobSpecContract.MAX_ARGV) {
            throw bad("spec.task.argv", "has " + task.getArgvCount() + " entries; at most " + JobSpecContract.MAX_ARGV);
        }
        if (task.getArgv(0).isBlank()) {
            throw bad("spec.task.argv[0]", "must name the program to run");
        }
        for (Map.Entry<String, String> e : task.getEnvMap().entrySet()) {
            if (e.getKey().isEmpty() || e.getKey().contains("=") || e.getKey().indexOf('\0') >= 0) {
                throw bad("spec.task.env", "has an invalid variable name \"" + clip(e.getKey()) + "\"");
            }
        }
        if (!task.getRuntime().isEmpty() && !JobSpecContract.RUNTIMES.contains(task.getRuntime())) {
            throw bad("spec.task.runtime", "must be one of " + JobSpecContract.RUNTIMES + " (got \"" + clip(task.getRuntime()) + "\")");
        }
        if (!task.getNetwork().isEmpty() && !JobSpecContract.NETWORKS.contains(task.getNetwork())) {
            throw bad("spec.task.network", "must be one of " + JobSpecContract.NETWORKS + " (got \"" + clip(task.getNetwork()) + "\")");
        }
        if (!JobSpecContract.networkFits(task.getNetwork(), task.getRuntime())) {
            throw bad("spec.task.network", "\"none\" needs runtime " + JobSpecContract.ISOLATING_RUNTIME
                    + " (got runtime \"" + clip(task.getRuntime()) + "\")");
        }
        if (!task.hasResources()) {
            throw bad("spec.task.resources", "is required");
        }
        validatePorts(task);
        validateResources(task.getResources());
        if (task.hasRestart()) {
            validateRestart(task.getRestart());
        }
        for (int i = 0; i < task.getConstraintsCount(); i++) {
            validateConstraint("spec.task.constraints[" + i + "]", task.getConstraints(i));
        }
        if (task.hasPlacement()) {
            validatePlacement(task.getPlacement());
        }
        inRange("spec.task.deadline_millis", task.getDeadlineMillis(), 0, JobSpecContract.MAX_DEADLINE_MILLIS);
        HealthCheckRules.problems(task).stream().findFirst().ifPresent(p -> {
            throw bad("spec.task." + p.field(), p.message());
        });
    }

    private static void validatePlacement(PlacementPolicy p) {
        String at = "spec.task.placement.";
        inRange(at + "max_per_machine", p.getMaxPerMachine(), 0, JobSpecContract.MAX_TASKS);
        inRange(at + "max_per_domain", p.getMaxPerDomain(), 0, JobSpecContract.MAX_TASKS);
        if (p.getMaxPerDomain() > 0 && p.getDomainAttribute().isBlank()) {
            throw bad(at + "domain_attribute", "is required with max_per_domain (the attribute naming a failure "
                    + "domain, such as rack)");
        }
        if (p.getDomainAttribute().length() > JobSpecContract.MAX_ATTRIBUTE_NAME
                || p.getSpreadAttribute().length() > JobSpecContract.MAX_ATTRIBUTE_NAME) {
            throw bad(at + "domain_attribute", "attribute names are at most " + JobSpecContract.MAX_ATTRIBUTE_NAME + " characters");
        }
        for (int i = 0; i < p.getPreferencesCount(); i++) {
            String here = at + "preferences[" + i + "]";
            Preference pref = p.getPreferences(i);
            if (!pref.hasConstraint()) {
                throw bad(here + ".constraint", "is required");
            }
            validateConstraint(here + ".constraint", pref.getConstraint());
            if (!(pref.getWeight() > 0) || pref.getWeight() > JobSpecContract.MAX_PREFERENCE_WEIGHT) {
                throw bad(here + ".weight", "must be > 0 and <= " + (int) JobSpecContract.MAX_PREFERENCE_WEIGHT
                        + " (got " + pref.getWeight() + ")");
            }
        }
    }

    private static void validateResources(Resources r) {
        String at = "spec.task.resources.";
        inRange(at + "cpu_millis", r.getCpuMillis(), 1, JobSpecContract.MAX_CPU_MILLIS);
        if (!JobSpecContract.cpuLimitFits(r.getCpuLimitMillis(), r.getCpuMillis())) {
            throw bad(at + "cpu_limit_millis", "must be 0 (no limit) or between cpu_millis (" + r.getCpuMillis()
                    + ") and " + JobSpecContract.MAX_CPU_MILLIS + " (got " + r.getCpuLimitMillis() + ")");
        }
        inRange(at + "ram_bytes", r.getRamBytes(), 1, JobSpecContract.MAX_BYTES);
        inRange(at + "disk_bytes", r.getDiskBytes(), 0, JobSpecContract.MAX_BYTES);
        inRange(at + "ports", r.getPorts(), 0, JobSpecContract.MAX_PORTS);
    }

    /**
     * Named ports: each a short lower-case word, none twice, at most {@link JobSpecContract#MAX_PORTS};
     * {@code resources.ports} is their count (the scheduler counts ports, the cell hands out one
     * per name), so a spec where the two disagree is refused rather than guessed at.
     */
    private static void validatePorts(TaskTemplate task) {
        int count = task.getPortsCount();
        if (count > JobSpecContract.MAX_PORTS) {
            throw bad("spec.task.ports", "has " + count + " ports; at most " + JobSpecContract.MAX_PORTS);
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < count; i++) {
            String name = task.getPorts(i).getName();
            if (!JobSpecContract.PORT_NAME.matcher(name).matches()) {
                throw bad("spec.task.ports[" + i + "].name", "must be 1-15 characters of a-z, 0-9 and '-', starting with "
                        + "a letter (got \"" + clip(name) + "\")");
            }
            if (!seen.add(name)) {
                throw bad("spec.task.ports[" + i + "].name", "\"" + name + "\" is named twice");
            }
        }
        if (task.getResources().getPorts() != count) {
            throw bad("spec.task.resources.ports", "must be the number of named ports in spec.task.ports (" + count
                    + "), got " + task.getResources().getPorts());
        }
        if (!JobSpecContract.portsFit(task.getNetwork(), count)) {
            throw bad("spec.task.ports", "a task with network \"none\" has no host ports to listen on");
        }
    }

    private static void validateRestart(RestartSpec r) {
        if (r.getPolicyValue() < 0 || r.getPolicyValue() > 3) {
            throw bad("spec.task.restart.policy", "is unknown (" + r.getPolicyValue() + ")");
        }
        inRange("spec.task.restart.max_attempts", r.getMaxAttempts(), 0, JobSpecContract.MAX_RESTART_ATTEMPTS);
        inRange("spec.task.restart.backoff_millis", r.getBackoffMillis(), 0, JobSpecContract.MAX_BACKOFF_MILLIS);
    }

    private static void validateConstraint(String at, Constraint c) {
        if (c.getAttribute().isBlank()) {
            throw bad(at + ".attribute", "must not be empty");
        }
        int values = c.getValuesCount();
        switch (c.getOp()) {
            case EXISTS -> {
                if (values != 0) throw bad(at + ".values", "must be empty for exists");
            }
            case EQ, NE -> {
                if (values != 1) throw bad(at + ".values", "must hold exactly one value for " + c.getOp());
            }
            case LT, GT -> {
                if (values != 1) throw bad(at + ".values", "must hold exactly one number for " + c.getOp());
                try {
                    Double.parseDouble(c.getValues(0));
                } catch (NumberFormatException e) {
                    throw bad(at + ".values", "must be a number for " + c.getOp() + " (got \"" + clip(c.getValues(0)) + "\")");
                }
            }
            case IN, NOT_IN -> {
                if (values == 0) throw bad(at + ".values", "must hold at least one value for " + c.getOp());
            }
            default -> throw bad(at + ".op", "must be one of EQ, NE, IN, NOT_IN, EXISTS, LT, GT");
        }
    }

    private static void inRange(String field, long value, long min, long max) {
        if (value < min) {
            throw bad(field, "must be " + (min == 0 ? ">= 0" : "> " + (min - 1)) + " (got " + value + ")");
        }
        if (value > max) {
            throw bad(field, "must be <= " + max + " (got " + value + ")");
        }
    }

    private static CellError bad(String field, String problem) {
        return CellError.invalid(field + ": " + problem);
    }

    private static String clip(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
