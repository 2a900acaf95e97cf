package borgcell.cell;

import static borgcell.cell.Fixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import borgcell.api.v1.HealthCheck;
import borgcell.api.v1.JobSpec;
import borgcell.api.v1.PortSpec;
import borgcell.api.v1.TaskTemplate;
import java.util.Collections;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Liveness and readiness checks through {@link JobSpecValidator}: wrong and hostile values, each refusal naming its field. */
class HealthCheckValidationTest {

    /** A task with one port, "http", and the change applied to its template. */
    private static JobSpec with(Consumer<TaskTemplate.Builder> change) {
        JobSpec.Builder b = Fixtures.withPorts(spec("web", 1), "http").toBuilder();
        change.accept(b.getTaskBuilder());
        return b.build();
    }

    private static void rejects(Consumer<TaskTemplate.Builder> change, String message) {
        assertThatThrownBy(() -> JobSpecValidator.validate(with(change))).isInstanceOf(CellError.class).hasMessage(message);
    }

    private static HealthCheck.Builder exec(String... argv) {
        HealthCheck.Builder c = HealthCheck.newBuilder();
        c.getExecBuilder().addAllArgv(java.util.List.of(argv));
        return c;
    }

    private static HealthCheck.Builder http(String port, String path) {
        HealthCheck.Builder c = HealthCheck.newBuilder();
        c.getHttpBuilder().setPort(port).setPath(path);
        return c;
    }

    private static HealthCheck.Builder tcp(String port) {
        HealthCheck.Builder c = HealthCheck.newBuilder();
        c.getTcpBuilder().setPort(port);
        return c;
    }

    @Test
    void goodChecksPass() {
        assertThatCode(() -> JobSpecValidator.validate(with(t -> t
                .setLiveness(exec("/bin/check", "--quick").setInitialDelayMillis(5000).setIntervalMillis(10_000)
                        .setTimeoutMillis(1000).setFailureThreshold(3).setSuccessThreshold(1))
                .setReadiness(http("http", "/healthz?full=1").setSuccessThreshold(2))))).doesNotThrowAnyException();
        assertThatCode(() -> JobSpecValidator.validate(with(t -> t.setReadiness(tcp("http")))))
                .as("every setting left to its default").doesNotThrowAnyException();
        assertThatCode(() -> JobSpecValidator.validate(with(t -> t.setRuntime("container").setNetwork("none").clearPorts()
                .setResources(t.getResources().toBuilder().setPorts(0)).setLiveness(exec("/bin/true"))))).as("exec reaches into a network of the task's own").doesNotThrowAnyException();
    }

    @Test
    void aCheckMustNameAPortTheTaskHas() {
        rejects(t -> t.setReadiness(http("web", "/")), "spec.task.readiness.http.port: \"web\" is not one of the task's ports [http]");
        rejects(t -> t.setLiveness(tcp("")), "spec.task.liveness.tcp.port: must name one of the task's ports [http]");
        rejects(t -> t.clearPorts().setResources(t.getResources().toBuilder().setPorts(0)).setReadiness(tcp("http")),
                "spec.task.readiness.tcp.port: \"http\" is not one of the task's ports []");
    }

    @Test
    void aCheckMustNameExactlyOneProbe() {
        rejects(t -> t.setReadiness(HealthCheck.newBuilder().setIntervalMillis(1000)),
                "spec.task.readiness: must name one probe: exec, http or tcp");
    }

    @Test
    void intervalsTimeoutsAndDelaysStayWithinSaneBounds() {
        rejects(t -> t.setLiveness(exec("/bin/true").setIntervalMillis(5)),
                "spec.task.liveness.interval_millis: must be between 100 and 3600000 ms (got 5)");
        rejects(t -> t.setLiveness(exec("/bin/true").setIntervalMillis(-1000)),
                "spec.task.liveness.interval_millis: must be between 100 and 3600000 ms (got -1000)");
        rejects(t -> t.setReadiness(exec("/bin/true").setTimeoutMillis(Long.MAX_VALUE)),
                "spec.task.readiness.timeout_millis: must be between 10 and 600000 ms (got 9223372036854775807)");
        rejects(t -> t.setReadiness(exec("/bin/true").setTimeoutMillis(1)),
                "spec.task.readiness.timeout_millis: must be between 10 and 600000 ms (got 1)");
        rejects(t -> t.setReadiness(exec("/bin/true").setInitialDelayMillis(-1)),
                "spec.task.readiness.initial_delay_millis: must be between 0 and 3600000 ms (got -1)");
        rejects(t -> t.setReadiness(exec("/bin/true").setInitialDelayMillis(Long.MIN_VALUE)),
                "spec.task.readiness.initial_delay_millis: must be between 0 and 3600000 ms (got -9223372036854775808)");
    }

    @Test
    void thresholdsAreAtLeastOneAndBounded() {
        rejects(t -> t.setReadiness(exec("/bin/true").setFailureThreshold(-3)),
                "spec.task.readiness.failure_threshold: must be between 1 and 100 (got -3)");
        rejects(t -> t.setReadiness(exec("/bin/true").setSuccessThreshold(Integer.MAX_VALUE)),
                "spec.task.readiness.success_threshold: must be between 1 and 100 (got 2147483647)");
        rejects(t -> t.setLiveness(exec("/bin/true").setSuccessThreshold(3)),
                "spec.task.liveness.success_threshold: must be 1 for liveness (a run that fails it is ended, so it never passes again; got 3)");
    }

    @Test
    void anExecCheckNeedsACommand() {
        rejects(t -> t.setLiveness(exec()), "spec.task.liveness.exec.argv: must not be empty (the command to run, such as [\"/bin/healthy\"])");
        rejects(t -> t.setLiveness(exec("  ", "x")), "spec.task.liveness.exec.argv[0]: must name the program to run");
        rejects(t -> t.setLiveness(exec("/bin/check", "a\0b")), "spec.task.liveness.exec.argv[1]: must not contain a NUL character");
        rejects(t -> t.setLiveness(exec("/bin/check", "x".repeat(5000))), "spec.task.liveness.exec.argv[1]: is 5000 characters; at most 4096");
        rejects(t -> t.setLiveness(exec(Collections.nCopies(300, "/bin/true").toArray(String[]::new))),
                "spec.task.liveness.exec.argv: has 300 entries; at most 256");
    }

    @Test
    void anHttpPathCannotSmuggleHeadersOrBeAbsurd() {
        rejects(t -> t.setReadiness(http("http", "/healthz\r\nX-Admin: yes")),
                "spec.task.readiness.http.path: must be printable ASCII without spaces; percent-encode the rest (got \"/healthz\\x0d\\x0aX-Admin: yes\")");
        rejects(t -> t.setReadiness(http("http", "/a b")),
                "spec.task.readiness.http.path: must be printable ASCII without spaces; percent-encode the rest (got \"/a b\")");
        rejects(t -> t.setReadiness(http("http", "healthz")), "spec.task.readiness.http.path: must start with / (got \"healthz\")");
        rejects(t -> t.setReadiness(http("http", "/" + "a".repeat(3000))), "spec.task.readiness.http.path: is 3001 characters; at most 2048");
        rejects(t -> t.setReadiness(http("\u0000evil\n", "/")),
                "spec.task.readiness.http.port: \"\\x00evil\\x0a\" is not one of the task's ports [http]");
    }

    @Test
    void aMicroVmTaskCannotBeProbedAndSaysWhy() {
        rejects(t -> t.setRuntime("microvm").setLiveness(exec("/bin/true")),
                "spec.task.liveness.exec: cannot run beside a microvm task: its guest is one static program, with no fork"
                        + " or exec; run the task as a process or container to check it with a command");
        rejects(t -> t.setRuntime("microvm").setReadiness(http("http", "/")),
                "spec.task.readiness.http: cannot reach a microvm task: its guest opens no sockets; a microvm task cannot"
                        + " have health checks yet");
    }

    @Test
    void aTaskWithANetworkOfItsOwnCannotBeReachedOnItsPorts() {
        // Its ports are refused first: with network none there is no host port to listen on, nor to probe.
        rejects(t -> t.setRuntime("container").setNetwork("none").setReadiness(tcp("http")),
                "spec.task.ports: a task with network \"none\" has no host ports to listen on");
    }

    @Test
    void theRulesListEveryProblemForTheParserInTheirOrder() {
        TaskTemplate task = with(t -> t.setLiveness(exec().setIntervalMillis(1).setSuccessThreshold(2))
                .setReadiness(http("nope", "x"))).getTask();
        assertThat(HealthCheckRules.problems(task)).extracting(HealthCheckRules.Problem::field).containsExactly(
                "liveness.exec.argv", "liveness.interval_millis", "liveness.success_threshold",
                "readiness.http.port", "readiness.http.path");
    }
}
