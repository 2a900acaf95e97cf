package borgcell.cell;

import borgcell.api.v1.Constraint;
import borgcell.api.v1.JobSpec;
import borgcell.api.v1.PlacementPolicy;
import borgcell.api.v1.Preference;
import borgcell.api.v1.Resources;
import borgcell.api.v1.RestartSpec;
import borgcell.api.v1.TaskTemplate;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a job spec before anything is written. Each error names the field by its path in
 * the API ({@code spec.task.resources.ram_bytes}) and says what is wrong with the value.
 * The gRPC layer calls it to answer INVALID_ARGUMENT early; the cell calls it again on
 * apply so that a bad spec can never reach the state, whoever proposed it.
 */
public final class JobSpecValidator {
    public static final Set<String> RUNTIMES = Set.of("process", "microvm");
    public static final int MAX_TASKS = 100_000;
    public static final int MAX_PRIORITY = 1000;
    static final long MAX_CPU_MILLIS = 1_000_000_000L; // a million cores
    static final long MAX_BYTES = 1L << 50; // 1 PiB
    static final int MAX_PORTS = 1000;
    static final int MAX_ARGV = 4096;
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private JobSpecValidator() {}

    /** Throws {@link CellError} (INVALID_ARGUMENT) for the first problem found. */
    public static void validate(JobSpec spec) {
        if (!NAME.matcher(spec.getName()).matches()) {
            throw bad("spec.name", "must be 1-63 characters of a-z, 0-9 and '-', starting and ending "
                    + "with a letter or digit (got \"" + clip(spec.getName()) + "\")");
        }
        if (spec.getUser().isBlank()) {
            throw bad("spec.user", "must not be empty");
        }
        if (spec.getPriority() < 0 || spec.getPriority() > MAX_PRIORITY) {
            throw bad("spec.priority", "must be between 0 and " + MAX_PRIORITY + " (got " + spec.getPriority() + ")");
        }
        if (spec.getTaskCount() < 1 || spec.getTaskCount() > MAX_TASKS) {
            throw bad("spec.task_count", "must be between 1 and " + MAX_TASKS + " (got " + spec.getTaskCount() + ")");
        }
        if (!spec.hasTask()) {
            throw bad("spec.task", "is required");
        }
        validateTask(spec.getTask());
    }

    private static void validateTask(TaskTemplate task) {
        if (task.getArgvCount() == 0) {
            throw bad("spec.task.argv", "must not be empty");
        }
        if (task.getArgvCount() > MAX_ARGV) {
            throw bad("spec.task.argv", "has " + task.getArgvCount() + " entries; at most " + MAX_ARGV);
        }
        if (task.getArgv(0).isBlank()) {
            throw bad("spec.task.argv[0]", "must name the program to run");
        }
        for (Map.Entry<String, String> e : task.getEnvMap().entrySet()) {
            if (e.getKey().isEmpty() || e.getKey().contains("=") || e.getKey().indexOf('\0') >= 0) {
                throw bad("spec.task.env", "has an invalid variable name \"" + clip(e.getKey()) + "\"");
            }
        }
        if (!task.getRuntime().isEmpty() && !RUNTIMES.contains(task.getRuntime())) {
            throw bad("spec.task.runtime", "must be one of " + RUNTIMES + " (got \"" + clip(task.getRuntime()) + "\")");
        }
        if (!task.hasResources()) {
            throw bad("spec.task.resources", "is required");
        }
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
        inRange("spec.task.deadline_millis", task.getDeadlineMillis(), 0, 30L * 24 * 3600 * 1000);
    }

    private static void validatePlacement(PlacementPolicy p) {
        String at = "spec.task.placement.";
        inRange(at + "max_per_machine", p.getMaxPerMachine(), 0, MAX_TASKS);
        inRange(at + "max_per_domain", p.getMaxPerDomain(), 0, MAX_TASKS);
        if (p.getMaxPerDomain() > 0 && p.getDomainAttribute().isBlank()) {
            throw bad(at + "domain_attribute", "is required with max_per_domain (the attribute naming a failure "
                    + "domain, such as rack)");
        }
        if (p.getDomainAttribute().length() > 63 || p.getSpreadAttribute().length() > 63) {
            throw bad(at + "domain_attribute", "attribute names are at most 63 characters");
        }
        for (int i = 0; i < p.getPreferencesCount(); i++) {
            String here = at + "preferences[" + i + "]";
            Preference pref = p.getPreferences(i);
            if (!pref.hasConstraint()) {
                throw bad(here + ".constraint", "is required");
            }
            validateConstraint(here + ".constraint", pref.getConstraint());
            if (!(pref.getWeight() > 0) || pref.getWeight() > 1000) {
                throw bad(here + ".weight", "must be > 0 and <= 1000 (got " + pref.getWeight() + ")");
            }
        }
    }

    private static void validateResources(Resources r) {
        String at = "spec.task.resources.";
        inRange(at + "cpu_millis", r.getCpuMillis(), 1, MAX_CPU_MILLIS);
        inRange(at + "ram_bytes", r.getRamBytes(), 1, MAX_BYTES);
        inRange(at + "disk_bytes", r.getDiskBytes(), 0, MAX_BYTES);
        inRange(at + "ports", r.getPorts(), 0, MAX_PORTS);
    }

    private static void validateRestart(RestartSpec r) {
        if (r.getPolicyValue() < 0 || r.getPolicyValue() > 3) {
            throw bad("spec.task.restart.policy", "is unknown (" + r.getPolicyValue() + ")");
        }
        inRange("spec.task.restart.max_attempts", r.getMaxAttempts(), 0, 1000);
        inRange("spec.task.restart.backoff_millis", r.getBackoffMillis(), 0, 3_600_000);
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
