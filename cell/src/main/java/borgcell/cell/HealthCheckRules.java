package borgcell.cell;

import borgcell.api.v1.HealthCheck;
import borgcell.api.v1.PortSpec;
import borgcell.api.v1.TaskTemplate;
import java.util.ArrayList;
import java.util.List;

/**
 * What a task's liveness and readiness checks may say, in one place: the API's validation
 * ({@link JobSpecValidator}, first problem) and the CLI's YAML parser (every problem, in its own
 * field names) both ask here. Problems name the field from the task down, in the API's names
 * ({@code readiness.http.port}, {@code liveness.interval_millis}). A value of 0 is the field
 * left unset: the Borglet's default (interval 10 s, timeout 1 s, failure threshold 3, success
 * threshold 1, no initial delay).
 */
public final class HealthCheckRules {

    public static final long MAX_INITIAL_DELAY_MILLIS = 3_600_000L;
    /** Probing faster than ten times a second is a load, not a check. */
    public static final long MIN_INTERVAL_MILLIS = 100;
    public static final long MAX_INTERVAL_MILLIS = 3_600_000L;
    public static final long MIN_TIMEOUT_MILLIS = 10;
    public static final long MAX_TIMEOUT_MILLIS = 600_000L;
    public static final int MAX_THRESHOLD = 100;
    public static final int MAX_EXEC_ARGV = 256;
    public static final int MAX_EXEC_ARG_CHARS = 4096;
    public static final int MAX_HTTP_PATH = 2048;
    /** The runtime whose guest runs one static program with no fork, exec or sockets: no probe can reach it. */
    static final String UNPROBEABLE_RUNTIME = "microvm";

    /** One problem: the field from the task down ({@code readiness.http.port}) and what is wrong with it. */
    public record Problem(String field, String message) {}

    private HealthCheckRules() {}

    /** Every problem of the task's checks, liveness first; empty when they are fine. */
    public static List<Problem> problems(TaskTemplate task) {
        List<Problem> problems = new ArrayList<>();
        if (task.hasLiveness()) {
            check("liveness", task.getLiveness(), task, problems);
            if (task.getLiveness().getSuccessThreshold() > 1) {
                problems.add(new Problem("liveness.success_threshold", "must be 1 for liveness (a run that fails it"
                        + " is ended, so it never passes again; got " + task.getLiveness().getSuccessThreshold() + ")"));
            }
        }
        if (task.hasReadiness()) {
            check("readiness", task.getReadiness(), task, problems);
        }
        return problems;
    }

    private static void check(String at, HealthCheck check, TaskTemplate task, List<Problem> problems) {
        switch (check.getProbeCase()) {
            case EXEC -> exec(at + ".exec", check.getExec().getArgvList(), task, problems);
            case HTTP -> {
                reachable(at + ".http", task, problems);
                port(at + ".http.port", check.getHttp().getPort(), task, problems);
                path(at + ".http.path", check.getHttp().getPath(), problems);
            }
            case TCP -> {
                reachable(at + ".tcp", task, problems);
                port(at + ".tcp.port", check.getTcp().getPort(), task, problems);
            }
            case PROBE_NOT_SET -> problems.add(new Problem(at, "must name one probe: exec, http or tcp"));
        }
        inRange(at + ".initial_delay_millis", check.getInitialDelayMillis(), 0, MAX_INITIAL_DELAY_MILLIS, " ms", problems);
        unsetOrInRange(at + ".interval_millis", check.getIntervalMillis(), MIN_INTERVAL_MILLIS, MAX_INTERVAL_MILLIS, " ms", problems);
        unsetOrInRange(at + ".timeout_millis", check.getTimeoutMillis(), MIN_TIMEOUT_MILLIS, MAX_TIMEOUT_MILLIS, " ms", problems);
        unsetOrInRange(at + ".failure_threshold", check.getFailureThreshold(), 1, MAX_THRESHOLD, "", problems);
        unsetOrInRange(at + ".success_threshold", check.getSuccessThreshold(), 1, MAX_THRESHOLD, "", problems);
    }

    private static void exec(String at, List<String> argv, TaskTemplate task, List<Problem> problems) {
        if (UNPROBEABLE_RUNTIME.equals(task.getRuntime())) {
            problems.add(new Problem(at, "cannot run beside a microvm task: its guest is one static program, with no"
                    + " fork or exec; run the task as a process or container to check it with a command"));
            return;
        }
        if (argv.isEmpty()) {
            problems.add(new Problem(at + ".argv", "must not be empty (the command to run, such as [\"/bin/healthy\"])"));
            return;
        }
        if (argv.size() > MAX_EXEC_ARGV) {
            problems.add(new Problem(at + ".argv", "has " + argv.size() + " entries; at most " + MAX_EXEC_ARGV));
            return;
        }
        if (argv.getFirst().isBlank()) {
            problems.add(new Problem(at + ".argv[0]", "must name the program to run"));
        }
        for (int i = 0; i < argv.size(); i++) {
            String arg = argv.get(i);
            if (arg.indexOf('\0') >= 0) {
                problems.add(new Problem(at + ".argv[" + i + "]", "must not contain a NUL character"));
            } else if (arg.length() > MAX_EXEC_ARG_CHARS) {
                problems.add(new Problem(at + ".argv[" + i + "]", "is " + arg.length() + " characters; at most " + MAX_EXEC_ARG_CHARS));
            }
        }
    }

    /** The Borglet probes on the machine's loopback: it must be the task's too. */
    private static void reachable(String at, TaskTemplate task, List<Problem> problems) {
        if (UNPROBEABLE_RUNTIME.equals(task.getRuntime())) {
            problems.add(new Problem(at, "cannot reach a microvm task: its guest opens no sockets; a microvm task"
                    + " cannot have health checks yet"));
        } else if ("none".equals(task.getNetwork())) {
            problems.add(new Problem(at, "cannot reach a task with network: none (its loopback is its own, out of the"
                    + " Borglet's reach); use an exec check, which runs inside its container"));
        }
    }

    private static void port(String at, String name, TaskTemplate task, List<Problem> problems) {
        List<String> names = task.getPortsList().stream().map(PortSpec::getName).toList();
        if (name.isEmpty()) {
            problems.add(new Problem(at, "must name one of the task's ports " + names));
        } else if (!names.contains(name)) {
            problems.add(new Problem(at, quote(name) + " is not one of the task's ports " + names));
        }
    }

    /** Sent as the request line's target: printable ASCII alone, or a hostile path could add headers (CR LF). */
    private static void path(String at, String path, List<Problem> problems) {
        if (path.isEmpty()) {
            return; // "/"
        }
        if (path.length() > MAX_HTTP_PATH) {
            problems.add(new Problem(at, "is " + path.length() + " characters; at most " + MAX_HTTP_PATH));
        } else if (!path.startsWith("/")) {
            problems.add(new Problem(at, "must start with / (got " + quote(path) + ")"));
        } else if (!path.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
            problems.add(new Problem(at, "must be printable ASCII without spaces; percent-encode the rest (got "
                    + quote(path) + ")"));
        }
    }

    private static void unsetOrInRange(String at, long value, long min, long max, String unit, List<Problem> problems) {
        if (value != 0) {
            inRange(at, value, min, max, unit, problems);
        }
    }

    private static void inRange(String at, long value, long min, long max, String unit, List<Problem> problems) {
        if (value < min || value > max) {
            problems.add(new Problem(at, "must be between " + min + " and " + max + unit + " (got " + value + ")"));
        }
    }

    /** Quoted, clipped and with control characters shown, so a hostile value cannot break the message. */
    private static String quote(String value) {
        String shown = value.length() <= 80 ? value : value.substring(0, 77) + "...";
        StringBuilder out = new StringBuilder("\"");
        shown.codePoints().forEach(c -> {
            if (c < ' ' || c == 0x7f) {
                out.append(String.format("\\x%02x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append('"').toString();
    }
}
