package borgcell.cli.spec;

import borgcell.api.v1.HealthCheck;
import borgcell.api.v1.TaskTemplate;
import borgcell.cell.HealthCheckRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A task's {@code liveness:} or {@code readiness:} in a job spec file:
 *
 * <pre>
 * liveness:
 *   exec: [/bin/check, --quick]       # exactly one of exec (the argv), http or tcp
 *   initial_delay: 5s                 # after each start; default 0
 *   interval: 10s                     # default 10s
 *   timeout: 1s                       # default 1s
 *   failure_threshold: 3              # failures in a row that count; default 3
 * readiness:
 *   http: {port: web, path: /ready}   # a port named in the task's ports; path default /
 *   success_threshold: 2              # passes in a row to be ready again; default 1
 * </pre>
 *
 * The shape and the syntax are read here; what the values may be is the cell's
 * {@link HealthCheckRules}, reported in this file's field names.
 */
final class HealthCheckYaml {

    private static final List<String> FIELDS = List.of("exec", "http", "tcp", "initial_delay", "interval", "timeout",
            "failure_threshold", "success_threshold");
    private static final List<String> PROBES = List.of("exec", "http", "tcp");
    private static final List<String> HTTP_FIELDS = List.of("port", "path");
    private static final List<String> TCP_FIELDS = List.of("port");

    private HealthCheckYaml() {}

    /** The check {@code task.<which>}, or empty when absent or (with its problems noted) unusable. */
    static Optional<HealthCheck> read(JsonNode task, String which, JobSpecParser.Problems problems) {
        JsonNode node = task.get(which);
        String at = "task." + which;
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            problems.add(at, "must be a mapping (" + String.join(", ", FIELDS) + "), not " + JobSpecParser.kind(node));
            return Optional.empty();
        }
        problems.checkKnownFields(at, node, FIELDS);
        int before = problems.list.size();
        HealthCheck.Builder check = HealthCheck.newBuilder();
        List<String> probes = PROBES.stream().filter(p -> node.get(p) != null && !node.get(p).isNull()).toList();
        if (probes.isEmpty()) {
            problems.add(at, "must name one probe: exec, http or tcp");
        } else if (probes.size() > 1) {
            problems.add(at, "names " + String.join(" and ", probes) + "; name exactly one probe");
        } else {
            switch (probes.getFirst()) {
                case "exec" -> exec(node.get("exec"), at + ".exec", check, problems);
                case "http" -> http(node.get("http"), at + ".http", check, problems);
                default -> tcp(node.get("tcp"), at + ".tcp", check, problems);
            }
        }
        duration(node, at, "initial_delay", problems).ifPresent(check::setInitialDelayMillis);
        positiveDuration(node, at, "interval", "10s", problems).ifPresent(check::setIntervalMillis);
        positiveDuration(node, at, "timeout", "1s", problems).ifPresent(check::setTimeoutMillis);
        threshold(node, at, "failure_threshold", "3", problems).ifPresent(check::setFailureThreshold);
        threshold(node, at, "success_threshold", "1", problems).ifPresent(check::setSuccessThreshold);
        return problems.list.size() == before ? Optional.of(check.build()) : Optional.empty();
    }

    /** The cell's rules over the checks read, as they bear on the rest of the task (its ports, runtime, network). */
    static void checkAgainstTask(TaskTemplate.Builder template, JobSpecParser.Problems problems) {
        for (HealthCheckRules.Problem p : HealthCheckRules.problems(template.buildPartial())) {
            problems.add("task." + yamlField(p.field()), p.message());
        }
    }

    /** The API's field as this file spells it: durations without "_millis", exec as the argv itself. */
    static String yamlField(String apiField) {
        return apiField.replace("_millis", "").replace(".exec.argv", ".exec");
    }

    private static void exec(JsonNode argv, String at, HealthCheck.Builder check, JobSpecParser.Problems problems) {
        if (!argv.isArray()) {
            problems.add(at, "must be the command as a list, like [/bin/check, --quick], not " + JobSpecParser.kind(argv));
            return;
        }
        List<String> args = new ArrayList<>();
        check.getExecBuilder(); // chosen even when empty: the rules then say the command is missing
        for (int i = 0; i < argv.size(); i++) {
            JsonNode arg = argv.get(i);
            if (!arg.isValueNode() || arg.isNull()) {
                problems.add(at + "[" + i + "]", "must be a string, not " + JobSpecParser.kind(arg));
            } else {
                args.add(arg.asString());
            }
        }
        check.getExecBuilder().addAllArgv(args);
    }

    // A probe is chosen even when its mapping is empty: the rules then say the port is missing.

    private static void http(JsonNode http, String at, HealthCheck.Builder check, JobSpecParser.Problems problems) {
        if (isMappingOf(http, at, HTTP_FIELDS, problems)) {
            var probe = check.getHttpBuilder();
            JobSpecParser.string(http, at, "port", problems).ifPresent(probe::setPort);
            JobSpecParser.string(http, at, "path", problems).ifPresent(probe::setPath);
        }
    }

    private static void tcp(JsonNode tcp, String at, HealthCheck.Builder check, JobSpecParser.Problems problems) {
        if (isMappingOf(tcp, at, TCP_FIELDS, problems)) {
            JobSpecParser.string(tcp, at, "port", problems).ifPresent(check.getTcpBuilder()::setPort);
        }
    }

    /** A mapping of those fields alone, else noted: "must be a mapping {port, path}, not a string". */
    private static boolean isMappingOf(JsonNode node, String at, List<String> fields, JobSpecParser.Problems problems) {
        if (!node.isObject()) {
            problems.add(at, "must be a mapping {" + String.join(", ", fields) + "}, not " + JobSpecParser.kind(node));
            return false;
        }
        problems.checkKnownFields(at, node, fields);
        return true;
    }

    private static Optional<Long> duration(JsonNode node, String at, String field, JobSpecParser.Problems problems) {
        var millis = JobSpecParser.quantity(node, at, field, Quantities::durationMillis, problems);
        return millis.isPresent() ? Optional.of(millis.getAsLong()) : Optional.empty();
    }

    /** Written, it must be more than 0: a 0 in the API means "the default", which leaving it out already says. */
    private static Optional<Long> positiveDuration(JsonNode node, String at, String field, String defaultValue,
                                                   JobSpecParser.Problems problems) {
        Optional<Long> millis = duration(node, at, field, problems);
        if (millis.isPresent() && millis.get() == 0) {
            problems.add(at + "." + field, "must be more than 0 (leave it out for the default, " + defaultValue + ")");
            return Optional.empty();
        }
        return millis;
    }

    private static Optional<Integer> threshold(JsonNode node, String at, String field, String defaultValue,
                                               JobSpecParser.Problems problems) {
        var n = JobSpecParser.integer(node, at, field, problems);
        if (n.isEmpty()) {
            return Optional.empty();
        }
        long value = n.getAsLong();
        if (value < 1 || value > HealthCheckRules.MAX_THRESHOLD) {
            problems.add(at + "." + field, "must be between 1 and " + HealthCheckRules.MAX_THRESHOLD + ", not " + value
                    + " (leave it out for the default, " + defaultValue + ")");
            return Optional.empty();
        }
        return Optional.of((int) value);
    }
}
