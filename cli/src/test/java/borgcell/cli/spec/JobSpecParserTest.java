package borgcell.cli.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import borgcell.api.v1.Constraint;
import borgcell.api.v1.JobSpec;
import borgcell.api.v1.RestartPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobSpecParserTest {

    private static final String HELLO = """
            name: hello
            user: demo
            priority: 100
            count: 3
            task:
              argv: ["/bin/sh", "-c", "echo hello from task $BORG_TASK_INDEX"]
              env: {GREETING: hi}
              runtime: process
              resources: {cpu: 100m, ram: 64Mi, disk: 16Mi, ports: 0}
              restart: {policy: on_failure, max_attempts: 3, backoff: 1s}
              constraints:
                - {attribute: rack, op: "=", values: [r1]}
            """;

    private final JobSpecParser parser = new JobSpecParser("alice");

    private JobSpec parse(String yaml) throws JobSpecException {
        return parser.parse("hello.yaml", yaml);
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertRejected(String yaml) {
        return assertThatThrownBy(() -> parse(yaml)).isInstanceOf(JobSpecException.class);
    }

    /** The hello spec with one line replaced. */
    private static String helloWith(String line, String replacement) {
        assertThat(HELLO).contains(line);
        return HELLO.replace(line, replacement);
    }

    @Test
    void helloSpecBecomesAJobSpec() throws Exception {
        JobSpec spec = parse(HELLO);

        assertThat(spec.getName()).isEqualTo("hello");
        assertThat(spec.getUser()).isEqualTo("demo");
        assertThat(spec.getPriority()).isEqualTo(100);
        assertThat(spec.getTaskCount()).isEqualTo(3);
        assertThat(spec.getTask().getArgvList()).containsExactly("/bin/sh", "-c", "echo hello from task $BORG_TASK_INDEX");
        assertThat(spec.getTask().getEnvMap()).containsEntry("GREETING", "hi");
        assertThat(spec.getTask().getRuntime()).isEqualTo("process");
        assertThat(spec.getTask().getResources().getCpuMillis()).isEqualTo(100);
        assertThat(spec.getTask().getResources().getRamBytes()).isEqualTo(64L << 20);
        assertThat(spec.getTask().getResources().getDiskBytes()).isEqualTo(16L << 20);
        assertThat(spec.getTask().getResources().getPorts()).isZero();
        assertThat(spec.getTask().getRestart().getPolicy()).isEqualTo(RestartPolicy.ON_FAILURE);
        assertThat(spec.getTask().getRestart().getMaxAttempts()).isEqualTo(3);
        assertThat(spec.getTask().getRestart().getBackoffMillis()).isEqualTo(1000);
        assertThat(spec.getTask().getConstraintsList()).containsExactly(Constraint.newBuilder()
                .setAttribute("rack").setOp(Constraint.Operator.EQ).addValues("r1").build());
    }

    @Test
    void theExampleFilesParse() throws Exception {
        Path examples = Path.of("..", "examples");
        try (var files = Files.list(examples)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                assertThat(parser.parse(file).getName()).as(file.toString()).isNotEmpty();
            }
        }
        assertThat(parser.parse(examples.resolve("hello.yaml")).getTaskCount()).isEqualTo(3);
    }

    @Test
    void omittedFieldsTakeTheirDefaults() throws Exception {
        JobSpec spec = parse("""
                name: tiny
                task:
                  argv: [/bin/true]
                """);

        assertThat(spec.getUser()).isEqualTo("alice");
        assertThat(spec.getPriority()).isEqualTo(100);
        assertThat(spec.getTaskCount()).isEqualTo(1);
        assertThat(spec.getTask().getRuntime()).as("none named: the machine's default").isEmpty();
        assertThat(spec.getTask().getResources().getCpuMillis()).isEqualTo(100);
        assertThat(spec.getTask().getResources().getRamBytes()).isEqualTo(64L << 20);
        assertThat(spec.getTask().hasRestart()).isFalse();
    }

    @Test
    void cpuMayBeWrittenAsCoresOrMillicores() throws Exception {
        assertThat(parse(helloWith("cpu: 100m", "cpu: 0.5")).getTask().getResources().getCpuMillis()).isEqualTo(500);
        assertThat(parse(helloWith("cpu: 100m", "cpu: 2")).getTask().getResources().getCpuMillis()).isEqualTo(2000);
        assertThat(parse(helloWith("cpu: 100m", "cpu: \"250m\"")).getTask().getResources().getCpuMillis()).isEqualTo(250);
    }

    @Test
    void aCpuLimitIsACapAtOrAboveTheRequest() throws Exception {
        assertThat(parse(helloWith("cpu: 100m", "cpu: 100m, cpu_limit: 1.5")).getTask().getResources().getCpuLimitMillis())
                .isEqualTo(1500);
        assertThat(parse(HELLO).getTask().getResources().getCpuLimitMillis()).as("none unless asked").isZero();
        assertThatThrownBy(() -> parse(helloWith("cpu: 100m", "cpu: 500m, cpu_limit: 200m")))
                .hasMessageContaining("task.resources.cpu_limit: must be at least cpu (500m)");
        assertThat(parse(helloWith("cpu: 100m", "cpu: 500m, cpu_limit: 0")).getTask().getResources().getCpuLimitMillis())
                .as("0 is no cap, as the API takes it").isZero();
    }

    @Test
    void aContainerMayHaveANetworkOfItsOwnAndNothingElseMay() throws Exception {
        assertThat(parse(helloWith("runtime: process", "runtime: container\n  network: none")).getTask().getNetwork())
                .isEqualTo("none");
        assertThat(parse(HELLO).getTask().getNetwork()).as("the machine's unless asked").isEmpty();
        assertThatThrownBy(() -> parse(helloWith("runtime: process", "runtime: process\n  network: none")))
                .hasMessageContaining("task.network: none needs runtime: container");
        assertThatThrownBy(() -> parse(helloWith("runtime: process", "runtime: container\n  network: bridge")))
                .hasMessageContaining("task.network: unknown network \"bridge\" (known: host, none)");
    }

    @Test
    void everyOperatorIsUnderstood() throws Exception {
        JobSpec spec = parse(helloWith("    - {attribute: rack, op: \"=\", values: [r1]}", """
                    - {attribute: a, op: "=", values: [x]}
                    - {attribute: b, op: "!=", values: [x]}
                    - {attribute: c, op: in, values: [x, y]}
                    - {attribute: d, op: not_in, values: [x]}
                    - {attribute: e, op: exists}
                    - {attribute: f, op: "<", values: [10]}
                    - {attribute: g, op: ">", values: [2.5]}
                """));

        assertThat(spec.getTask().getConstraintsList()).extracting(Constraint::getOp).containsExactly(
                Constraint.Operator.EQ, Constraint.Operator.NE, Constraint.Operator.IN, Constraint.Operator.NOT_IN,
                Constraint.Operator.EXISTS, Constraint.Operator.LT, Constraint.Operator.GT);
        assertThat(spec.getTask().getConstraints(5).getValuesList()).containsExactly("10");
    }

    @Test
    void unknownFieldIsNamedWithTheKnownOnes() {
        assertRejected(HELLO.replace("task:", "tsk:"))
                .hasMessageContaining("hello.yaml: unknown field \"tsk\" (known: name, user, priority, count, task, update, disruption, reschedule)");
    }

    @Test
    void unknownNestedFieldIsNamedWithItsPath() {
        assertRejected(helloWith("runtime: process", "rutime: process"))
                .hasMessageContaining("hello.yaml: task: unknown field \"rutime\" (known: argv, env, runtime, network, resources, ports, restart, constraints, placement, deadline, liveness, readiness)");
        assertRejected(helloWith("ports: 0", "gpus: 1"))
                .hasMessageContaining("hello.yaml: task.resources: unknown field \"gpus\" (known: cpu, cpu_limit, ram, disk, ports)");
    }

    @Test
    void malformedYamlNamesTheLine() {
        assertRejected("name: hello\ntask: [unclosed\n")
                .hasMessage("hello.yaml: line 2: malformed YAML: while parsing a flow sequence; expected ',' or ']', but got <stream end>");
        assertRejected("name: hello\n\ttask: x\n").message().matches("hello\\.yaml: line 2: malformed YAML: .*TAB.*");
        assertRejected("name: hello\nuser: demo\n  bad: indentation\n")
                .hasMessageStartingWith("hello.yaml: line 3: malformed YAML: ");
    }

    @Test
    void duplicateKeysAreRefused() {
        assertRejected("name: a\nname: b\ntask: {argv: [x]}\n").hasMessage("hello.yaml: line 2: duplicate field \"name\"");
    }

    @Test
    void emptyFileAndNonMappingAreRefused() {
        assertRejected("").hasMessage("hello.yaml: the file is empty; a job spec needs at least name and task");
        assertRejected("# only a comment\n").hasMessageContaining("the file is empty");
        assertRejected("- a\n- b\n").hasMessage("hello.yaml: the file must be a YAML mapping (name: ..., task: ...), not a list");
    }

    @Test
    void zeroRamIsRefused() {
        assertRejected(helloWith("ram: 64Mi", "ram: 0")).hasMessage("hello.yaml: task.resources.ram: must be > 0");
    }

    @Test
    void negativeValuesAreRefused() {
        assertRejected(helloWith("ram: 64Mi", "ram: -64Mi")).hasMessageContaining("task.resources.ram: must not be negative");
        assertRejected(helloWith("cpu: 100m", "cpu: -1")).hasMessageContaining("task.resources.cpu: must not be negative");
        assertRejected(helloWith("count: 3", "count: -3")).hasMessage("hello.yaml: count: must be > 0");
        assertRejected(helloWith("priority: 100", "priority: -1")).hasMessage("hello.yaml: priority: must be between 0 and 1000, not -1");
        assertRejected(helloWith("ports: 0", "ports: -2")).hasMessageContaining("task.resources.ports: must be between 0 and 64, not -2");
        assertRejected(helloWith("max_attempts: 3", "max_attempts: -1")).hasMessageContaining("task.restart.max_attempts: must be between 0 and 1000");
    }

    @Test
    void absurdValuesAreRefused() {
        assertRejected(helloWith("cpu: 100m", "cpu: 1000001"))
                .hasMessage("hello.yaml: task.resources.cpu: must be at most 1000000 cores, not 1000001 cores");
        assertRejected(helloWith("ram: 64Mi", "ram: 2Pi"))
                .hasMessage("hello.yaml: task.resources.ram: must be at most 1Pi, not 2Pi");
        assertRejected(helloWith("count: 3", "count: 100001"))
                .hasMessage("hello.yaml: count: must be at most 100000, not 100001");
        assertRejected(helloWith("disk: 16Mi", "disk: 5Pi")).hasMessageContaining("task.resources.disk: must be at most 1Pi");
        assertRejected(helloWith("backoff: 1s", "backoff: 2h")).hasMessageContaining("task.restart.backoff: must be at most 1h");
        assertRejected(helloWith("count: 3", "count: 99999999999999999999")).hasMessageContaining("count: must be a whole number");
    }

    @Test
    void badQuantitiesAreRefused() {
        assertRejected(helloWith("ram: 64Mi", "ram: 12Qi"))
                .hasMessage("hello.yaml: task.resources.ram: \"12Qi\" is not a size (use Ki Mi Gi Ti Pi, K M G T P, or plain bytes)");
        assertRejected(helloWith("cpu: 100m", "cpu: lots")).hasMessageContaining("task.resources.cpu: \"lots\" is not a CPU amount");
        assertRejected(helloWith("backoff: 1s", "backoff: soon")).hasMessageContaining("task.restart.backoff: \"soon\" is not a duration");
        assertRejected(helloWith("cpu: 100m", "cpu: [1]")).hasMessageContaining("task.resources.cpu: must be a quantity, not a list");
    }

    @Test
    void emptyOrMissingArgvIsRefused() {
        assertRejected(helloWith("argv: [\"/bin/sh\", \"-c\", \"echo hello from task $BORG_TASK_INDEX\"]", "argv: []"))
                .hasMessage("hello.yaml: task.argv: must not be empty");
        assertRejected(helloWith("argv: [\"/bin/sh\", \"-c\", \"echo hello from task $BORG_TASK_INDEX\"]", "argv: [\"\"]"))
                .hasMessageContaining("task.argv[0]: must not be empty");
        assertRejected(helloWith("argv: [\"/bin/sh\", \"-c\", \"echo hello from task $BORG_TASK_INDEX\"]", "argv: /bin/true"))
                .hasMessageContaining("task.argv: must be a list of strings, not a string (\"/bin/true\")");
        assertRejected("name: x\ntask: {runtime: process}\n").hasMessageContaining("hello.yaml: task.argv: must be set");
    }

    @Test
    void unknownRuntimeIsRefusedWithTheKnownOnes() {
        assertRejected(helloWith("runtime: process", "runtime: docker"))
                .hasMessage("hello.yaml: task.runtime: unknown runtime \"docker\" (known: process, microvm, container)");
    }

    @Test
    void unknownRestartPolicyIsRefusedWithTheKnownOnes() {
        assertRejected(helloWith("policy: on_failure", "policy: sometimes"))
                .hasMessage("hello.yaml: task.restart.policy: unknown policy \"sometimes\" (known: never, on_failure, always)");
    }

    @Test
    void unknownOperatorIsRefusedWithTheKnownOnes() {
        assertRejected(helloWith("op: \"=\"", "op: \"~\""))
                .hasMessage("hello.yaml: task.constraints[0].op: unknown operator \"~\" (known: = != in not_in exists < >)");
    }

    @Test
    void operatorsCheckTheirValues() {
        assertRejected(helloWith("values: [r1]", "values: [r1, r2]"))
                .hasMessage("hello.yaml: task.constraints[0].values: operator = takes exactly one value, got 2");
        assertRejected(helloWith("op: \"=\", values: [r1]", "op: in, values: []"))
                .hasMessageContaining("operator in takes at least one value");
        assertRejected(helloWith("op: \"=\", values: [r1]", "op: exists, values: [r1]"))
                .hasMessageContaining("operator exists takes no values");
        assertRejected(helloWith("op: \"=\", values: [r1]", "op: \"<\", values: [big]"))
                .hasMessageContaining("task.constraints[0].values: \"big\" is not a number (operator < compares numbers)");
        assertRejected(helloWith("{attribute: rack, op: \"=\", values: [r1]}", "{op: \"=\", values: [r1]}"))
                .hasMessageContaining("task.constraints[0].attribute: must be set");
    }

    @Test
    void nameMustBeADnsLabel() {
        for (String bad : new String[] {"Hello", "hello_world", "-hello", "hello-", "a".repeat(64), "\"\""}) {
            assertRejected(helloWith("name: hello", "name: " + bad))
                    .as(bad)
                    .hasMessageContaining("hello.yaml: name: ")
                    .hasMessageContaining("must match [a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
        }
        assertRejected(HELLO.replace("name: hello\n", "")).hasMessage("hello.yaml: name: must be set");
    }

    @Test
    void goodNamesAreAccepted() throws Exception {
        for (String good : new String[] {"a", "hello-world", "job-42", "9lives", "a".repeat(63)}) {
            assertThat(parse(helloWith("name: hello", "name: " + good)).getName()).isEqualTo(good);
        }
    }

    @Test
    void wrongTypesAreNamed() {
        assertRejected(helloWith("count: 3", "count: three")).hasMessage("hello.yaml: count: must be a whole number, not \"three\"");
        assertRejected(helloWith("count: 3", "count: 2.5")).hasMessage("hello.yaml: count: must be a whole number, not 2.5");
        assertRejected(helloWith("env: {GREETING: hi}", "env: [a]")).hasMessageContaining("task.env: must be a mapping");
        assertRejected(helloWith("env: {GREETING: hi}", "env: {1X: a}")).hasMessageContaining("task.env: \"1X\" is not a valid variable name");
        assertRejected("name: x\ntask: 5\n").hasMessage("hello.yaml: task: must be a mapping, not a number (5)");
    }

    @Test
    void theUpdatePolicyAndDisruptionBudgetAreReadAndBadValuesNamed() throws Exception {
        JobSpec spec = parse(HELLO + """
                update: {max_unavailable: 2, max_surge: 1, canaries: 1, auto_promote: true, progress_deadline: 90s,
                         auto_rollback: false}
                disruption: {max_disrupted_percent: 25}
                """);
        assertThat(spec.getUpdate().getMaxUnavailable()).isEqualTo(2);
        assertThat(spec.getUpdate().getMaxSurge()).isEqualTo(1);
        assertThat(spec.getUpdate().getCanaries()).isEqualTo(1);
        assertThat(spec.getUpdate().getAutoPromote()).isTrue();
        assertThat(spec.getUpdate().getProgressDeadlineMillis()).isEqualTo(90_000);
        assertThat(spec.getUpdate().hasAutoRollback()).isTrue();
        assertThat(spec.getUpdate().getAutoRollback()).isFalse();
        assertThat(spec.getDisruption().getMaxDisruptedPercent()).isEqualTo(25);
        assertThat(parse(HELLO + "update: {max_surge: 1}\n").getUpdate().getMaxUnavailable())
                .as("max_unavailable defaults to 1").isEqualTo(1);

        assertRejected(HELLO + "update: {max_unavailable: -1}\n")
                .hasMessageContaining("update.max_unavailable: must be between 0 and 100000, not -1");
        assertRejected(HELLO + "update: {auto_promote: yes}\n")
                .hasMessageContaining("update.auto_promote: must be true or false");
        assertRejected(HELLO + "update: {rollback: true}\n").hasMessageContaining("unknown field \"rollback\"");
        assertRejected(HELLO + "update: 3\n").hasMessageContaining("update: must be a mapping, not a number");
        assertRejected(HELLO + "disruption: {max_disrupted_percent: 150}\n")
                .hasMessageContaining("disruption.max_disrupted_percent: must be between 0 and 100, not 150");
        assertRejected(HELLO + "update: {progress_deadline: soon}\n").hasMessageContaining("update.progress_deadline");
    }

    @Test
    void everyProblemIsReportedNotJustTheFirst() {
        String yaml = HELLO.replace("ram: 64Mi", "ram: 0").replace("runtime: process", "runtime: docker").replace("name: hello", "name: Hello");
        assertThatThrownBy(() -> parse(yaml))
                .isInstanceOfSatisfying(JobSpecException.class, e -> assertThat(e.problems()).hasSize(3))
                .hasMessageContaining("name:").hasMessageContaining("task.runtime:").hasMessageContaining("task.resources.ram:");
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> parser.parse(missing)).hasMessage(missing + ": no such file");
    }

    @Test
    void placementRulesBecomeThePlacementPolicy() throws Exception {
        JobSpec spec = parse(HELLO + """
                  placement:
                    max_per_machine: 1
                    max_per_domain: 2
                    domain: rack
                    spread: zone
                    prefer:
                      - {attribute: platform, op: "=", values: [x86], weight: 5}
                """);

        var p = spec.getTask().getPlacement();
        assertThat(p.getMaxPerMachine()).isEqualTo(1);
        assertThat(p.getMaxPerDomain()).isEqualTo(2);
        assertThat(p.getDomainAttribute()).isEqualTo("rack");
        assertThat(p.getSpreadAttribute()).isEqualTo("zone");
        assertThat(p.getPreferences(0).getWeight()).isEqualTo(5.0);
        assertThat(p.getPreferences(0).getConstraint().getAttribute()).isEqualTo("platform");
    }

    @Test
    void badPlacementRulesAreNamed() {
        assertRejected(HELLO + """
                  placement:
                    max_per_domain: 2
                    max_per_machine: -1
                    prefer:
                      - {attribute: platform, op: "=", values: [x86], weight: 0}
                    colocate: yes
                """).hasMessageContaining("task.placement.domain: must name the failure-domain attribute")
                .hasMessageContaining("task.placement.max_per_machine")
                .hasMessageContaining("task.placement.prefer[0].weight: must be a number > 0")
                .hasMessageContaining("unknown field \"colocate\"");
    }

    @Test
    void aDeadlineIsADuration() throws Exception {
        assertThat(parse(HELLO + "  deadline: 90s\n").getTask().getDeadlineMillis()).isEqualTo(90_000);
        assertRejected(HELLO + "  deadline: 0s\n").hasMessageContaining("task.deadline: must be more than 0");
        assertRejected(HELLO + "  deadline: soon\n").hasMessageContaining("task.deadline");
    }

    @Test
    void aReschedulePolicyIsReadWithItsBounds() throws Exception {
        assertThat(parse(HELLO + "reschedule: {max_reschedules: 5}\n").getReschedule().getMaxReschedules()).isEqualTo(5);
        assertThat(parse(HELLO + "reschedule: {max_reschedules: 0}\n").getReschedule().getMaxReschedules())
                .as("0: never").isZero();
        assertThat(parse(HELLO).hasReschedule()).as("absent: the cell's default").isFalse();
        assertThat(parse(HELLO + "reschedule: {}\n").getReschedule().getMaxReschedules()).as("the default, written out")
                .isEqualTo(3);
        assertRejected(HELLO + "reschedule: {max_reschedules: -1}\n")
                .hasMessageContaining("hello.yaml: reschedule.max_reschedules: must be between 0 and 1000, not -1");
        assertRejected(HELLO + "reschedule: {max_reschedules: 1001}\n")
                .hasMessageContaining("reschedule.max_reschedules: must be between 0 and 1000, not 1001");
        assertRejected(HELLO + "reschedule: {max_reschedules: lots}\n")
                .hasMessageContaining("reschedule.max_reschedules: must be a whole number, not \"lots\"");
        assertRejected(HELLO + "reschedule: 3\n").hasMessageContaining("reschedule: must be a mapping, not a number (3)");
        assertRejected(HELLO + "reschedule: {max: 3}\n").hasMessageContaining("reschedule: unknown field \"max\" (known: max_reschedules)");
    }

    /** The hello spec with its resources' {@code ports: 0} replaced by {@code resources} and a line of its own after them. */
    private static String helloWithPorts(String resourcesPorts, String portsLine) {
        return helloWith(", ports: 0}", resourcesPorts + "}\n  " + portsLine);
    }

    @Test
    void namedPortsAreListedAndTheirCountIsTheResourcesPorts() throws Exception {
        JobSpec spec = parse(helloWithPorts("", "ports: [http, grpc-web]"));

        assertThat(spec.getTask().getPortsList()).extracting(p -> p.getName()).containsExactly("http", "grpc-web");
        assertThat(spec.getTask().getResources().getPorts()).as("derived: their count").isEqualTo(2);
        assertThat(parse(helloWithPorts(", ports: 1", "ports: [http]")).getTask().getResources().getPorts())
                .as("written and agreeing").isEqualTo(1);
        assertThat(parse(HELLO).getTask().getPortsList()).isEmpty();
    }

    @Test
    void badPortNamesAndACountThatDisagreesAreEachNamed() {
        assertRejected(helloWithPorts("", "ports: [http, HTTP, 8080, http, a1234567890abcdef, {name: x}]"))
                .hasMessageContaining("task.ports[1]: \"HTTP\" must be a lower-case letter, then up to 14 lower-case letters, digits or '-'")
                .hasMessageContaining("task.ports[2]: must be a port name, not a number (8080) (ports are named; the cell picks the numbers)")
                .hasMessageContaining("task.ports[3]: \"http\" is named twice")
                .hasMessageContaining("task.ports[4]: \"a1234567890abcdef\" must be a lower-case letter")
                .hasMessageContaining("task.ports[5]: must be a port name, not a mapping")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("task.resources.ports"));
        assertRejected(helloWithPorts(", ports: 3", "ports: [http]"))
                .hasMessageContaining("task.resources.ports: is the count of task.ports (1), not 3; leave it out");
        assertRejected(helloWith("ports: 0}", "ports: 2}")).as("counted ports nobody names")
                .hasMessageContaining("task.resources.ports: is the count of task.ports (0), not 2; leave it out");
        assertRejected(helloWithPorts("", "ports: http")).hasMessageContaining(
                "task.ports: must be a list of port names, like [http, admin], not a string (\"http\")");
        assertRejected(helloWithPorts("", "ports: [http]").replace("runtime: process", "runtime: container\n  network: none"))
                .hasMessageContaining("task.ports: a task with network none has loopback alone: no host port to listen on");
        String many = String.join(", ", java.util.stream.IntStream.range(0, 65).mapToObj(i -> "p" + i).toList());
        assertRejected(helloWithPorts("", "ports: [" + many + "]")).hasMessageContaining("task.ports: has 65 names; at most 64");
    }
}
