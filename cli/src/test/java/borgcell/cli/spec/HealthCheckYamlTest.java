package borgcell.cli.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import borgcell.api.v1.HealthCheck;
import borgcell.api.v1.JobSpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** {@code liveness:} and {@code readiness:} in job spec files: what they become, and every way to get them wrong. */
class HealthCheckYamlTest {

    private final JobSpecParser parser = new JobSpecParser("alice");

    /** A process task with the given lines under task:, indented by the caller as under task. */
    private JobSpec parse(String checks) throws JobSpecException {
        return parser.parse("web.yaml", """
                name: web
                task:
                  argv: [/bin/server]
                  runtime: process
                %s""".formatted(checks.indent(2)));
    }

    private List<String> problems(String checks) {
        try {
            parse(checks);
        } catch (JobSpecException e) {
            return e.problems();
        }
        throw new AssertionError("accepted:\n" + checks);
    }

    @Test
    void execChecksWithEverySettingBecomeTheApisChecks() throws Exception {
        JobSpec spec = parse("""
                liveness:
                  exec: [/bin/check, --quick, 3]
                  initial_delay: 5s
                  interval: 1.5s
                  timeout: 500ms
                  failure_threshold: 4
                readiness:
                  exec: [/bin/sh, -c, "test -f ready"]
                  success_threshold: 2
                """);

        HealthCheck liveness = spec.getTask().getLiveness();
        assertThat(liveness.getExec().getArgvList()).containsExactly("/bin/check", "--quick", "3");
        assertThat(liveness.getInitialDelayMillis()).isEqualTo(5000);
        assertThat(liveness.getIntervalMillis()).isEqualTo(1500);
        assertThat(liveness.getTimeoutMillis()).isEqualTo(500);
        assertThat(liveness.getFailureThreshold()).isEqualTo(4);
        assertThat(liveness.getSuccessThreshold()).as("left out: the default").isZero();
        assertThat(spec.getTask().getReadiness().getExec().getArgvList()).containsExactly("/bin/sh", "-c", "test -f ready");
        assertThat(spec.getTask().getReadiness().getSuccessThreshold()).isEqualTo(2);
    }

    @Test
    void aTaskWithoutChecksHasNone() throws Exception {
        JobSpec spec = parse("");
        assertThat(spec.getTask().hasLiveness()).isFalse();
        assertThat(spec.getTask().hasReadiness()).isFalse();
    }

    @Test
    void httpAndTcpProbesReadTheirPortAndPath() throws Exception {
        // Read alone: a whole file cannot name ports until the spec has them (issue 15, ports).
        var task = new YAMLMapper().readTree("""
                readiness: {http: {port: web, path: /healthz}, timeout: 2s}
                liveness: {tcp: {port: grpc}}
                """);
        JobSpecParser.Problems problems = new JobSpecParser.Problems();

        HealthCheck http = HealthCheckYaml.read(task, "readiness", problems).orElseThrow();
        HealthCheck tcp = HealthCheckYaml.read(task, "liveness", problems).orElseThrow();

        assertThat(problems.list).isEmpty();
        assertThat(http.getHttp().getPort()).isEqualTo("web");
        assertThat(http.getHttp().getPath()).isEqualTo("/healthz");
        assertThat(http.getTimeoutMillis()).isEqualTo(2000);
        assertThat(tcp.getTcp().getPort()).isEqualTo("grpc");
    }

    @Test
    void aCheckOnAPortTheTaskDoesNotHaveIsRefusedNamingTheField() {
        assertThat(problems("readiness: {http: {port: web, path: /}}"))
                .containsExactly("task.readiness.http.port: \"web\" is not one of the task's ports []");
        assertThat(problems("liveness: {tcp: {}}"))
                .containsExactly("task.liveness.tcp.port: must name one of the task's ports []");
    }

    @Test
    void theShapeIsCheckedWithEveryProblemListed() {
        assertThat(problems("liveness: /bin/check")).containsExactly(
                "task.liveness: must be a mapping (exec, http, tcp, initial_delay, interval, timeout, failure_threshold,"
                        + " success_threshold), not a string (\"/bin/check\")");
        assertThat(problems("liveness: {interval: 5s}")).containsExactly("task.liveness: must name one probe: exec, http or tcp");
        assertThat(problems("liveness: {exec: [/bin/true], tcp: {port: web}}"))
                .containsExactly("task.liveness: names exec and tcp; name exactly one probe");
        assertThat(problems("readiness: {exec: \"/bin/check --quick\"}")).containsExactly(
                "task.readiness.exec: must be the command as a list, like [/bin/check, --quick], not a string (\"/bin/check --quick\")");
        assertThat(problems("readiness: {exec: [/bin/check, {a: b}, null]}")).containsExactly(
                "task.readiness.exec[1]: must be a string, not a mapping", "task.readiness.exec[2]: must be a string, not null");
        assertThat(problems("readiness: {exec: [/bin/true], command: x}")).containsExactly(
                "task.readiness: unknown field \"command\" (known: exec, http, tcp, initial_delay, interval, timeout,"
                        + " failure_threshold, success_threshold)");
        assertThat(problems("readiness: {http: /healthz}")).containsExactly(
                "task.readiness.http: must be a mapping {port, path}, not a string (\"/healthz\")");
    }

    @Test
    void badValuesAreNamedInTheFilesOwnWords() {
        assertThat(problems("liveness: {exec: []}")).containsExactly(
                "task.liveness.exec: must not be empty (the command to run, such as [\"/bin/healthy\"])");
        assertThat(problems("liveness: {exec: [\"\"]}")).containsExactly("task.liveness.exec[0]: must name the program to run");
        assertThat(problems("liveness: {exec: [/bin/true], interval: 5ms}"))
                .containsExactly("task.liveness.interval: must be between 100 and 3600000 ms (got 5)");
        assertThat(problems("liveness: {exec: [/bin/true], interval: 0s}"))
                .containsExactly("task.liveness.interval: must be more than 0 (leave it out for the default, 10s)");
        assertThat(problems("liveness: {exec: [/bin/true], timeout: soon}"))
                .containsExactly("task.liveness.timeout: \"soon\" is not a duration like 500ms, 1s, 2m or 1h");
        assertThat(problems("liveness: {exec: [/bin/true], initial_delay: 2d}"))
                .containsExactly("task.liveness.initial_delay: \"2d\" is not a duration (use ms, s, m or h, like 500ms or 2s)");
        assertThat(problems("liveness: {exec: [/bin/true], initial_delay: 2h}"))
                .containsExactly("task.liveness.initial_delay: must be between 0 and 3600000 ms (got 7200000)");
        assertThat(problems("liveness: {exec: [/bin/true], failure_threshold: 0}")).containsExactly(
                "task.liveness.failure_threshold: must be between 1 and 100, not 0 (leave it out for the default, 3)");
        assertThat(problems("liveness: {exec: [/bin/true], failure_threshold: 99999999999}")).containsExactly(
                "task.liveness.failure_threshold: must be between 1 and 100, not 99999999999 (leave it out for the default, 3)");
        assertThat(problems("liveness: {exec: [/bin/true], success_threshold: 2}")).containsExactly(
                "task.liveness.success_threshold: must be 1 for liveness (a run that fails it is ended, so it never passes again; got 2)");
        assertThat(problems("readiness: {exec: [/bin/true], success_threshold: two}"))
                .containsExactly("task.readiness.success_threshold: must be a whole number, not \"two\"");
    }

    @Test
    void hostileValuesAreRefused() {
        assertThat(problems("readiness: {http: {port: web, path: \"/ok\\r\\nX-Admin: yes\"}}")).containsExactly(
                "task.readiness.http.port: \"web\" is not one of the task's ports []",
                "task.readiness.http.path: must be printable ASCII without spaces; percent-encode the rest"
                        + " (got \"/ok\\x0d\\x0aX-Admin: yes\")");
        assertThat(problems("liveness: {exec: [\"/bin/check\", \"a\\0b\"]}"))
                .containsExactly("task.liveness.exec[1]: must not contain a NUL character");
    }

    @Test
    void aMicroVmTaskRefusesAnExecCheckSayingWhy() {
        assertThatThrownBy(() -> parser.parse("vm.yaml", """
                name: vm
                task:
                  argv: [/opt/hello-static]
                  runtime: microvm
                  liveness: {exec: [/bin/true]}
                """)).isInstanceOf(JobSpecException.class).hasMessage("vm.yaml: task.liveness.exec: cannot run beside a"
                + " microvm task: its guest is one static program, with no fork or exec; run the task as a process or"
                + " container to check it with a command");
    }
}
