package borgcell.cli.spec;

import borgcell.api.v1.Constraint;
import borgcell.api.v1.DisruptionBudget;
import borgcell.api.v1.UpdatePolicy;
import borgcell.api.v1.JobSpec;
import borgcell.api.v1.PlacementPolicy;
import borgcell.api.v1.PortSpec;
import borgcell.api.v1.Preference;
import borgcell.api.v1.ReschedulePolicy;
import borgcell.api.v1.Resources;
import borgcell.api.v1.RestartPolicy;
import borgcell.api.v1.RestartSpec;
import borgcell.api.v1.TaskTemplate;
import borgcell.cell.JobSpecContract;
import borgcell.cli.Invocation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a job spec file into a {@link JobSpec}, reporting every problem it finds, each with
 * its field path. The shape (see {@code examples/hello.yaml}):
 *
 * <pre>
 * name: hello              # required, a DNS label
 * user: demo               # default: $USER
 * priority: 100            # default 100 (batch band)
 * count: 3                 # tasks, default 1
 * task:
 *   argv: [...]            # required
 *   env: {K: v}
 *   runtime: container     # process | microvm | container; default: a container where the machine offers them
 *   network: host          # host | none (container only: loopback alone)
 *   resources: {cpu: 100m, ram: 64Mi, disk: 16Mi}   # cpu_limit: 500m caps a container
 *   ports: [http, admin]   # host ports the cell picks, given as BORG_PORT_HTTP, BORG_PORT_ADMIN
 *   restart: {policy: on_failure, max_attempts: 3, backoff: 1s}
 *   constraints: [{attribute: rack, op: "=", values: [r1]}]
 * reschedule: {max_reschedules: 3}   # tasks placed elsewhere after using up their restarts; 0: never
 *   liveness:              # restart the task when it fails this many times in a row
 *     exec: [/bin/check]   # or http: {port: web, path: /healthz}, or tcp: {port: web}
 *     initial_delay: 5s    # interval: 10s, timeout: 1s, failure_threshold: 3, success_threshold: 1
 *   readiness: {http: {port: web, path: /ready}}   # ready (and named) only while it passes
 * </pre>
 */
public final class JobSpecParser {

    // The limits, the name rule and the runtimes are the cell's (JobSpecContract); these are the
    // YAML's own: what a person may leave out, and what a file may hold.
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    public static final int DEFAULT_PRIORITY = 100;
    public static final long DEFAULT_CPU_MILLIS = 100;
    public static final long DEFAULT_RAM_BYTES = 64 * Quantities.MIB;
    private static final long MAX_FILE_BYTES = Quantities.MIB;

    private static final List<String> TOP_FIELDS = List.of("name", "user", "priority", "count", "task", "update",
            "disruption", "reschedule");
    private static final List<String> UPDATE_FIELDS = List.of("max_unavailable", "max_surge", "canaries", "auto_promote",
            "progress_deadline", "auto_rollback");
    private static final List<String> DISRUPTION_FIELDS = List.of("max_disrupted", "max_disrupted_percent");
    private static final List<String> TASK_FIELDS =
            List.of("argv", "env", "runtime", "network", "resources", "ports", "restart", "constraints", "placement", "deadline",
                    "liveness", "readiness");
    private static final List<String> PLACEMENT_FIELDS =
            List.of("max_per_machine", "max_per_domain", "domain", "spread", "prefer");
    private static final List<String> RESOURCE_FIELDS = List.of("cpu", "cpu_limit", "ram", "disk", "ports");
    private static final List<String> RESTART_FIELDS = List.of("policy", "max_attempts", "backoff");
    private static final List<String> CONSTRAINT_FIELDS = List.of("attribute", "op", "values");
    private static final List<String> RESCHEDULE_FIELDS = List.of("max_reschedules");

    private static final Map<String, RestartPolicy> POLICIES = orderedMap(
            "never", RestartPolicy.NEVER,
            "on_failure", RestartPolicy.ON_FAILURE,
            "always", RestartPolicy.ALWAYS);
    private static final Map<String, Constraint.Operator> OPERATORS = orderedMap(
            "=", Constraint.Operator.EQ,
            "!=", Constraint.Operator.NE,
            "in", Constraint.Operator.IN,
            "not_in", Constraint.Operator.NOT_IN,
            "exists", Constraint.Operator.EXISTS,
            "<", Constraint.Operator.LT,
            ">", Constraint.Operator.GT);

    private static final Pattern DUPLICATE = Pattern.compile("Duplicate (?:property|field) \"([^\"]*)\"");

    private static final Pattern MARK = Pattern.compile("line (\\d+), column \\d+");
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    private final String defaultUser;

    /** @param defaultUser the user when the file names none (normally {@code $USER}) */
    public JobSpecParser(String defaultUser) {
        this.defaultUser = defaultUser;
    }

    /** A parser whose default user is the caller's {@code $USER}, else the JVM's {@code user.name}. */
    public static JobSpecParser withEnvironmentUser() {
        String user = Invocation.current().env("USER");
        if (user == null || user.isBlank()) {
            user = System.getProperty("user.name", "");
        }
        return new JobSpecParser(user);
    }

    public JobSpec parse(Path file) throws JobSpecException {
        String label = file.toString();
        String text;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new JobSpecException(label, List.of("the file is larger than 1 MiB; a job spec is a few lines"));
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new JobSpecException(label, List.of("no such file"));
        } catch (IOException e) {
            throw new JobSpecException(label, List.of("cannot read the file: " + e));
        }
        return parse(label, text);
    }

    /** @param label how errors name the file, normally the path as the user typed it */
    public JobSpec parse(String label, String yaml) throws JobSpecException {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JacksonException e) {
            throw new JobSpecException(label, List.of(malformed(e)));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new JobSpecException(label, List.of("the file is empty; a job spec needs at least name and task"));
        }
        Problems problems = new Problems();
        JobSpec spec = jobSpec(root, problems);
        if (!problems.isEmpty()) {
            throw new JobSpecException(label, problems.list);
        }
        return spec;
    }

    private JobSpec jobSpec(JsonNode root, Problems problems) {
        if (!root.isObject()) {
            problems.add("", "the file must be a YAML mapping (name: ..., task: ...), not " + kind(root));
            return JobSpec.getDefaultInstance();
        }
        problems.checkKnownFields("", root, TOP_FIELDS);
        JobSpec.Builder spec = JobSpec.newBuilder();

        Optional<String> name = string(root, "", "name", problems);
        if (name.isEmpty()) {
            problems.addUnlessReported("name", "must be set");
        } else if (!JobSpecContract.NAME.matcher(name.get()).matches()) {
            problems.add("name", quote(name.get()) + " must match " + JobSpecContract.NAME.pattern()
                    + " (lower-case letters, digits and '-', at most 63 characters)");
        } else {
            spec.setName(name.get());
        }

        String user = string(root, "", "user", problems).orElse(defaultUser);
        if (user == null || user.isBlank()) {
            problems.addUnlessReported("user", "must be set (and $USER is empty)");
        } else if (!USER.matcher(user).matches()) {
            problems.add("user", quote(user) + " must be 1-64 letters, digits, '.', '_' or '-'");
        } else {
            spec.setUser(user);
        }

        integer(root, "", "priority", problems).ifPresentOrElse(
                p -> spec.setPriority((int) inRange(p, 0, JobSpecContract.MAX_PRIORITY, "priority", problems)),
                () -> spec.setPriority(DEFAULT_PRIORITY));

        integer(root, "", "count", problems).ifPresentOrElse(
                c -> spec.setTaskCount((int) positiveAtMost(c, JobSpecContract.MAX_TASKS, "count", Long::toString, problems)),
                () -> spec.setTaskCount(1));

        JsonNode task = root.get("task");
        if (task == null || task.isNull()) {
            problems.add("task", "must be set (argv, resources, ...)");
        } else if (!task.isObject()) {
            problems.add("task", "must be a mapping, not " + kind(task));
        } else {
            spec.setTask(taskTemplate(task, problems));
        }
        mapping(root, "", "update", problems).ifPresent(u -> spec.setUpdate(update(u, problems)));
        mapping(root, "", "disruption", problems).ifPresent(d -> spec.setDisruption(disruption(d, problems)));
        mapping(root, "", "reschedule", problems).ifPresent(r -> spec.setReschedule(reschedule(r, problems)));
        return spec.build();
    }

    /** {@code reschedule: {max_reschedules: 3}}: how often, in the job's life, a task is placed elsewhere. */
    private static ReschedulePolicy reschedule(JsonNode node, Problems problems) {
        problems.checkKnownFields("reschedule", node, RESCHEDULE_FIELDS);
        ReschedulePolicy.Builder policy = ReschedulePolicy.newBuilder()
                .setMaxReschedules(JobSpecContract.DEFAULT_MAX_RESCHEDULES);
        integer(node, "reschedule", "max_reschedules", problems).ifPresent(n -> policy.setMaxReschedules(
                (int) inRange(n, 0, JobSpecContract.MAX_RESCHEDULES, "reschedule.max_reschedules", problems)));
        return policy.build();
    }

    /** {@code update:} how a change to the running job is rolled out (the cell checks the combination). */
    private UpdatePolicy update(JsonNode node, Problems problems) {
        problems.checkKnownFields("update", node, UPDATE_FIELDS);
        UpdatePolicy.Builder u = UpdatePolicy.newBuilder().setMaxUnavailable(1);
        integer(node, "update", "max_unavailable", problems).ifPresent(n ->
                u.setMaxUnavailable((int) inRange(n, 0, JobSpecContract.MAX_TASKS, "update.max_unavailable", problems)));
        integer(node, "update", "max_surge", problems).ifPresent(n ->
                u.setMaxSurge((int) inRange(n, 0, JobSpecContract.MAX_TASKS, "update.max_surge", problems)));
        integer(node, "update", "canaries", problems).ifPresent(n ->
                u.setCanaries((int) inRange(n, 0, JobSpecContract.MAX_TASKS, "update.canaries", problems)));
        bool(node, "update", "auto_promote", problems).ifPresent(u::setAutoPromote);
        bool(node, "update", "auto_rollback", problems).ifPresent(u::setAutoRollback);
        quantity(node, "update", "progress_deadline", Quantities::durationMillis, problems).ifPresent(u::setProgressDeadlineMillis);
        return u.build();
    }

    /** {@code disruption:} how many of the job's tasks drains, updates and preemption may take down at once. */
    private DisruptionBudget disruption(JsonNode node, Problems problems) {
        problems.checkKnownFields("disruption", node, DISRUPTION_FIELDS);
        DisruptionBudget.Builder d = DisruptionBudget.newBuilder();
        integer(node, "disruption", "max_disrupted", problems).ifPresent(n ->
                d.setMaxDisrupted((int) inRange(n, 0, JobSpecContract.MAX_TASKS, "disruption.max_disrupted", problems)));
        integer(node, "disruption", "max_disrupted_percent", problems).ifPresent(n ->
                d.setMaxDisruptedPercent((int) inRange(n, 0, 100, "disruption.max_disrupted_percent", problems)));
        return d.build();
    }

    /** A mapping field, if present; a present field of another kind is a problem. */
    private static Optional<JsonNode> mapping(JsonNode parent, String parentPath, String field, Problems problems) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            problems.add(join(parentPath, field), "must be a mapping, not " + kind(node));
            return Optional.empty();
        }
        return Optional.of(node);
    }

    private static Optional<Boolean> bool(JsonNode parent, String parentPath, String field, Problems problems) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isBoolean()) {
            problems.add(join(parentPath, field), "must be true or false, not " + kind(node));
            return Optional.empty();
        }
        return Optional.of(node.booleanValue());
    }

    private TaskTemplate taskTemplate(JsonNode task, Problems problems) {
        problems.checkKnownFields("task", task, TASK_FIELDS);
        TaskTemplate.Builder template = TaskTemplate.newBuilder();

        JsonNode argv = task.get("argv");
        if (argv == null || argv.isNull()) {
            problems.add("task.argv", "must be set, for example [\"/bin/echo\", \"hello\"]");
        } else if (!argv.isArray()) {
            problems.add("task.argv", "must be a list of strings, not " + kind(argv));
        } else if (argv.isEmpty()) {
            problems.add("task.argv", "must not be empty");
        } else {
            for (int i = 0; i < argv.size(); i++) {
                JsonNode arg = argv.get(i);
                String path = "task.argv[" + i + "]";
                if (!arg.isValueNode() || arg.isNull()) {
                    problems.add(path, "must be a string, not " + kind(arg));
                } else if (i == 0 && arg.asString().isBlank()) {
                    problems.add(path, "must not be empty (it is the program to run)");
                } else {
                    template.addArgv(arg.asString());
                }
            }
        }

        JsonNode env = task.get("env");
        if (env != null && !env.isNull()) {
            if (!env.isObject()) {
                problems.add("task.env", "must be a mapping of JobSpecContract.NAME: value, not " + kind(env));
            } else {
                for (Map.Entry<String, JsonNode> e : env.properties()) {
                    String path = "task.env." + e.getKey();
                    if (!ENV_NAME.matcher(e.getKey()).matches()) {
                        problems.add("task.env", quote(e.getKey()) + " is not a valid variable name (letters, digits, '_'; not starting with a digit)");
                    } else if (!e.getValue().isValueNode()) {
                        problems.add(path, "must be a string, not " + kind(e.getValue()));
                    } else {
                        template.putEnv(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asString());
                    }
                }
            }
        }

        // None named: the machine's default (a container where offered, a process elsewhere).
        String runtime = string(task, "task", "runtime", problems).orElse("");
        if (runtime.isEmpty()) {
            // left unset
        } else if (!JobSpecContract.RUNTIMES.contains(runtime)) {
            problems.add("task.runtime", "unknown runtime " + quote(runtime) + " (known: " + String.join(", ", JobSpecContract.RUNTIMES) + ")");
        } else {
            template.setRuntime(runtime);
        }

        string(task, "task", "network", problems).ifPresent(network -> {
            if (!JobSpecContract.NETWORKS.contains(network)) {
                problems.add("task.network", "unknown network " + quote(network) + " (known: " + String.join(", ", JobSpecContract.NETWORKS) + ")");
            } else if (!JobSpecContract.networkFits(network, runtime)) {
                problems.add("task.network", "none needs runtime: " + JobSpecContract.ISOLATING_RUNTIME);
            } else {
                template.setNetwork(network);
            }
        });

        JsonNode resources = task.get("resources");
        if (resources != null && !resources.isNull() && !resources.isObject()) {
            problems.add("task.resources", "must be a mapping (cpu, cpu_limit, ram, disk, ports), not " + kind(resources));
        } else {
            template.setResources(resources(resources == null || resources.isNull() ? null : resources, problems));
        }
        namedPorts(task, resources, template, problems);

        quantity(task, "task", "deadline", Quantities::durationMillis, problems).ifPresent(ms -> {
            if (ms <= 0 || ms > JobSpecContract.MAX_DEADLINE_MILLIS) {
                problems.add("task.deadline", "must be more than 0 and at most 30 days");
            } else {
                template.setDeadlineMillis(ms);
            }
        });
        JsonNode restart = task.get("restart");
        if (restart != null && !restart.isNull()) {
            if (!restart.isObject()) {
                problems.add("task.restart", "must be a mapping (policy, max_attempts, backoff), not " + kind(restart));
            } else {
                template.setRestart(restart(restart, problems));
            }
        }

        JsonNode constraints = task.get("constraints");
        if (constraints != null && !constraints.isNull()) {
            if (!constraints.isArray()) {
                problems.add("task.constraints", "must be a list of {attribute, op, values}, not " + kind(constraints));
            } else {
                for (int i = 0; i < constraints.size(); i++) {
                    constraint(constraints.get(i), "task.constraints[" + i + "]", problems).ifPresent(template::addConstraints);
                }
            }
        }
        JsonNode placement = task.get("placement");
        if (placement != null && !placement.isNull()) {
            if (!placement.isObject()) {
                problems.add("task.placement", "must be a mapping (" + String.join(", ", PLACEMENT_FIELDS) + "), not "
                        + kind(placement));
            } else {
                template.setPlacement(placement(placement, problems));
            }
        }
        HealthCheckYaml.read(task, "liveness", problems).ifPresent(template::setLiveness);
        HealthCheckYaml.read(task, "readiness", problems).ifPresent(template::setReadiness);
        HealthCheckYaml.checkAgainstTask(template, problems); // after the rest: a check names the task's ports
        return template.build();
    }

    /**
     * {@code ports: [http, admin]}: names the cell gives a host port each (the task finds it in
     * {@code BORG_PORT_HTTP}). {@code resources.ports} is their count: derived here, so it may be
     * left out; written, it must agree.
     */
    private static void namedPorts(JsonNode task, JsonNode resources, TaskTemplate.Builder template, Problems problems) {
        int problemsBefore = problems.list.size();
        JsonNode ports = task.get("ports");
        if (ports != null && !ports.isNull()) {
            if (!ports.isArray()) {
                problems.add("task.ports", "must be a list of port names, like [http, admin], not " + kind(ports));
            } else if (ports.size() > JobSpecContract.MAX_PORTS) {
                problems.add("task.ports", "has " + ports.size() + " names; at most " + JobSpecContract.MAX_PORTS);
            } else {
                java.util.Set<String> seen = new java.util.HashSet<>();
                for (int i = 0; i < ports.size(); i++) {
                    JsonNode port = ports.get(i);
                    String path = "task.ports[" + i + "]";
                    if (!port.isString()) {
                        problems.add(path, "must be a port name, not " + kind(port) + " (ports are named; the cell picks the numbers)");
                    } else if (!JobSpecContract.PORT_NAME.matcher(port.asString()).matches()) {
                        problems.add(path, quote(port.asString()) + " must be a lower-case letter, then up to 14 lower-case"
                                + " letters, digits or '-'");
                    } else if (!seen.add(port.asString())) {
                        problems.add(path, quote(port.asString()) + " is named twice");
                    } else {
                        template.addPorts(PortSpec.newBuilder().setName(port.asString()));
                    }
                }
            }
        }
        int count = template.getPortsCount();
        boolean namesRead = problems.list.size() == problemsBefore;
        if (namesRead && resources != null && resources.isObject() && resources.has("ports")
                && !problems.hasProblemAt("task.resources.ports") && template.getResources().getPorts() != count) {
            problems.add("task.resources.ports", "is the count of task.ports (" + count + "), not "
                    + template.getResources().getPorts() + "; leave it out");
        }
        template.setResources(template.getResources().toBuilder().setPorts(count));
        if (!JobSpecContract.portsFit(template.getNetwork(), count)) {
            problems.add("task.ports", "a task with network none has loopback alone: no host port to listen on");
        }
    }

    /**
     * {@code placement: {max_per_machine: 1, max_per_domain: 2, domain: rack, spread: zone,
     * prefer: [{attribute: platform, op: "=", values: [x86], weight: 5}]}}
     */
    private PlacementPolicy placement(JsonNode node, Problems problems) {
        String at = "task.placement";
        problems.checkKnownFields(at, node, PLACEMENT_FIELDS);
        PlacementPolicy.Builder policy = PlacementPolicy.newBuilder();
        integer(node, at, "max_per_machine", problems).ifPresent(n ->
                policy.setMaxPerMachine((int) inRange(n, 0, JobSpecContract.MAX_TASKS, at + ".max_per_machine", problems)));
        integer(node, at, "max_per_domain", problems).ifPresent(n ->
                policy.setMaxPerDomain((int) inRange(n, 0, JobSpecContract.MAX_TASKS, at + ".max_per_domain", problems)));
        string(node, at, "domain", problems).ifPresent(policy::setDomainAttribute);
        string(node, at, "spread", problems).ifPresent(policy::setSpreadAttribute);
        if (policy.getMaxPerDomain() > 0 && policy.getDomainAttribute().isBlank()) {
            problems.add(at + ".domain", "must name the failure-domain attribute (like rack) when max_per_domain is set");
        }
        JsonNode prefer = node.get("prefer");
        if (prefer != null && !prefer.isNull()) {
            if (!prefer.isArray()) {
                problems.add(at + ".prefer", "must be a list of {attribute, op, values, weight}, not " + kind(prefer));
            } else {
                for (int i = 0; i < prefer.size(); i++) {
                    String path = at + ".prefer[" + i + "]";
                    JsonNode item = prefer.get(i);
                    if (item == null || !item.isObject()) {
                        problems.add(path, "must be a mapping {attribute, op, values, weight}, not " + kind(item));
                        continue;
                    }
                    double weight = 1;
                    JsonNode w = item.get("weight");
                    if (w != null && !w.isNull()) {
                        if (!w.isNumber() || !(w.doubleValue() > 0) || w.doubleValue() > JobSpecContract.MAX_PREFERENCE_WEIGHT) {
                            problems.add(path + ".weight", "must be a number > 0 and <= "
                                    + (int) JobSpecContract.MAX_PREFERENCE_WEIGHT);
                        } else {
                            weight = w.doubleValue();
                        }
                    }
                    tools.jackson.databind.node.ObjectNode withoutWeight = ((tools.jackson.databind.node.ObjectNode) item).deepCopy();
                    withoutWeight.remove("weight");
                    double chosen = weight;
                    constraint(withoutWeight, path, problems).ifPresent(c ->
                            policy.addPreferences(Preference.newBuilder().setConstraint(c).setWeight(chosen)));
                }
            }
        }
        return policy.build();
    }

    /** @param node the resources mapping, or null when the file has none (all defaults) */
    private Resources resources(JsonNode node, Problems problems) {
        Resources.Builder resources = Resources.newBuilder()
                .setCpuMillis(DEFAULT_CPU_MILLIS)
                .setRamBytes(DEFAULT_RAM_BYTES);
        if (node == null) {
            return resources.build();
        }
        problems.checkKnownFields("task.resources", node, RESOURCE_FIELDS);
        quantity(node, "task.resources", "cpu", Quantities::cpuMillis, problems).ifPresent(cpu ->
                resources.setCpuMillis(positiveAtMost(cpu, JobSpecContract.MAX_CPU_MILLIS, "task.resources.cpu",
                        m -> Quantities.formatCpu(m) + " cores", problems)));
        quantity(node, "task.resources", "cpu_limit", Quantities::cpuMillis, problems).ifPresent(limit -> {
            if (!JobSpecContract.cpuLimitFits(limit, resources.getCpuMillis())) {
                problems.add("task.resources.cpu_limit", "must be at least cpu (" + Quantities.formatCpu(resources.getCpuMillis())
                        + ") and at most " + Quantities.formatCpu(JobSpecContract.MAX_CPU_MILLIS) + " cores, or 0 for no cap");
            } else {
                resources.setCpuLimitMillis(limit);
            }
        });
        quantity(node, "task.resources", "ram", Quantities::bytes, problems).ifPresent(ram ->
                resources.setRamBytes(positiveAtMost(ram, JobSpecContract.MAX_BYTES, "task.resources.ram", Quantities::formatBytes, problems)));
        quantity(node, "task.resources", "disk", Quantities::bytes, problems).ifPresent(disk -> {
            if (disk > JobSpecContract.MAX_BYTES) {
                problems.add("task.resources.disk", "must be at most " + Quantities.formatBytes(JobSpecContract.MAX_BYTES));
            }
            resources.setDiskBytes(disk);
        });
        integer(node, "task.resources", "ports", problems).ifPresent(ports ->
                resources.setPorts((int) inRange(ports, 0, JobSpecContract.MAX_PORTS, "task.resources.ports", problems)));
        return resources.build();
    }

    private RestartSpec restart(JsonNode node, Problems problems) {
        problems.checkKnownFields("task.restart", node, RESTART_FIELDS);
        RestartSpec.Builder restart = RestartSpec.newBuilder().setPolicy(RestartPolicy.NEVER);
        string(node, "task.restart", "policy", problems).ifPresent(text -> {
            RestartPolicy policy = POLICIES.get(text);
            if (policy == null) {
                problems.add("task.restart.policy", "unknown policy " + quote(text) + " (known: " + String.join(", ", POLICIES.keySet()) + ")");
            } else {
                restart.setPolicy(policy);
            }
        });
        integer(node, "task.restart", "max_attempts", problems).ifPresent(n ->
                restart.setMaxAttempts((int) inRange(n, 0, JobSpecContract.MAX_RESTART_ATTEMPTS, "task.restart.max_attempts", problems)));
        quantity(node, "task.restart", "backoff", Quantities::durationMillis, problems).ifPresent(ms -> {
            if (ms > JobSpecContract.MAX_BACKOFF_MILLIS) {
                problems.add("task.restart.backoff", "must be at most 1h");
            }
            restart.setBackoffMillis(ms);
        });
        return restart.build();
    }

    private Optional<Constraint> constraint(JsonNode node, String path, Problems problems) {
        if (node == null || !node.isObject()) {
            problems.add(path, "must be a mapping {attribute, op, values}, not " + kind(node));
            return Optional.empty();
        }
        problems.checkKnownFields(path, node, CONSTRAINT_FIELDS);
        int before = problems.list.size();
        Constraint.Builder constraint = Constraint.newBuilder();

        Optional<String> attribute = string(node, path, "attribute", problems);
        if (attribute.isEmpty() || attribute.get().isBlank()) {
            problems.addUnlessReported(path + ".attribute", "must be set (the machine attribute to test, like rack)");
        } else {
            constraint.setAttribute(attribute.get());
        }

        Optional<String> opText = string(node, path, "op", problems);
        Constraint.Operator op = null;
        if (opText.isEmpty()) {
            problems.addUnlessReported(path + ".op", "must be set (known: " + String.join(" ", OPERATORS.keySet()) + ")");
        } else {
            op = OPERATORS.get(opText.get().equals("==") ? "=" : opText.get());
            if (op == null) {
                problems.add(path + ".op", "unknown operator " + quote(opText.get()) + " (known: " + String.join(" ", OPERATORS.keySet()) + ")");
            } else {
                constraint.setOp(op);
            }
        }

        List<String> values = new ArrayList<>();
        JsonNode valuesNode = node.get("values");
        if (valuesNode != null && !valuesNode.isNull()) {
            if (!valuesNode.isArray()) {
                problems.add(path + ".values", "must be a list, like [r1], not " + kind(valuesNode));
            } else {
                for (int i = 0; i < valuesNode.size(); i++) {
                    JsonNode value = valuesNode.get(i);
                    if (!value.isValueNode() || value.isNull()) {
                        problems.add(path + ".values[" + i + "]", "must be a string, not " + kind(value));
                    } else {
                        values.add(value.asString());
                    }
                }
            }
        }
        if (op != null) {
            String opName = opText.get();
            switch (op) {
                case EQ, NE, LT, GT -> {
                    if (values.size() != 1) {
                        problems.add(path + ".values", "operator " + opName + " takes exactly one value, got " + values.size());
                    }
                }
                case IN, NOT_IN -> {
                    if (values.isEmpty()) {
                        problems.add(path + ".values", "operator " + opName + " takes at least one value");
                    }
                }
                case EXISTS -> {
                    if (!values.isEmpty()) {
                        problems.add(path + ".values", "operator exists takes no values");
                    }
                }
                default -> { }
            }
            if (op == Constraint.Operator.LT || op == Constraint.Operator.GT) {
                for (String value : values) {
                    try {
                        Double.parseDouble(value);
                    } catch (NumberFormatException e) {
                        problems.add(path + ".values", quote(value) + " is not a number (operator " + opName + " compares numbers)");
                    }
                }
            }
        }
        constraint.addAllValues(values);
        return problems.list.size() == before ? Optional.of(constraint.build()) : Optional.empty();
    }

    // ---- typed field readers: each reports its own problem and returns empty on one ----

    static Optional<String> string(JsonNode parent, String parentPath, String field, Problems problems) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isValueNode()) {
            problems.add(join(parentPath, field), "must be a string, not " + kind(node));
            return Optional.empty();
        }
        return Optional.of(node.asString());
    }

    static OptionalLong integer(JsonNode parent, String parentPath, String field, Problems problems) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return OptionalLong.empty();
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return OptionalLong.of(node.longValue());
        }
        String shown = node.isString() ? quote(node.asString()) : node.isValueNode() ? node.asString() : kind(node);
        problems.add(join(parentPath, field), "must be a whole number, not " + shown);
        return OptionalLong.empty();
    }

    static OptionalLong quantity(JsonNode parent, String parentPath, String field,
                                         ToLongFunction<String> parser, Problems problems) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return OptionalLong.empty();
        }
        String path = join(parentPath, field);
        if (!node.isString() && !node.isNumber()) {
            problems.add(path, "must be a quantity, not " + kind(node));
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(parser.applyAsLong(node.isNumber() ? node.numberValue().toString() : node.asString()));
        } catch (IllegalArgumentException e) {
            problems.add(path, e.getMessage());
            return OptionalLong.empty();
        } catch (ArithmeticException e) {
            problems.add(path, "is far too large");
            return OptionalLong.empty();
        }
    }

    private static long inRange(long value, long min, long max, String path, Problems problems) {
        if (value < min || value > max) {
            problems.add(path, "must be between " + min + " and " + max + ", not " + value);
        }
        return value;
    }

    private static long positiveAtMost(long value, long max, String path,
                                       LongFunction<String> show, Problems problems) {
        if (value <= 0) {
            problems.add(path, "must be > 0");
        } else if (value > max) {
            problems.add(path, "must be at most " + show.apply(max) + ", not " + show.apply(value));
        }
        return value;
    }

    /**
     * SnakeYAML's messages come as "context / position / snippet / problem / position /
     * snippet" lines: keep the words, drop positions and snippets (the line number is given).
     */
    private static String malformed(JacksonException e) {
        String message = e.getOriginalMessage() == null ? e.toString() : e.getOriginalMessage();
        Matcher duplicate = DUPLICATE.matcher(message);
        String what = duplicate.find()
                ? "duplicate field \"" + duplicate.group(1) + "\""
                : "malformed YAML: " + String.join("; ", message.lines()
                        .filter(line -> !line.isBlank() && !line.startsWith(" in ") && !line.startsWith("    "))
                        .map(String::strip)
                        .toList());
        // The first mark SnakeYAML names is where the broken construct starts (an unclosed
        // '[' rather than the end of the file it ran into); Jackson's own location is later.
        Matcher mark = MARK.matcher(message);
        if (mark.find()) {
            return "line " + mark.group(1) + ": " + what;
        }
        if (e.getLocation() != null && e.getLocation().getLineNr() > 0) {
            return "line " + e.getLocation().getLineNr() + ": " + what;
        }
        return what;
    }

    static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isNull()) {
            return "null";
        }
        if (node.isBoolean()) {
            return "a boolean (" + node.asString() + ")";
        }
        if (node.isNumber()) {
            return "a number (" + node.asString() + ")";
        }
        return "a string (" + quote(node.asString()) + ")";
    }

    private static String join(String parentPath, String field) {
        return parentPath.isEmpty() ? field : parentPath + "." + field;
    }

    private static String quote(String s) {
        return Quantities.quote(s);
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> orderedMap(Object... keysAndValues) {
        Map<String, V> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], (V) keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }

    /** The problems found so far, each "path: what is wrong". */
    static final class Problems {
        final List<String> list = new ArrayList<>();

        void add(String path, String message) {
            list.add(path.isEmpty() ? message : path + ": " + message);
        }

        boolean isEmpty() {
            return list.isEmpty();
        }

        boolean hasProblemAt(String path) {
            return list.stream().anyMatch(p -> p.startsWith(path + ": "));
        }

        /** Adds the problem unless the field already has one (it was there, but of the wrong type). */
        void addUnlessReported(String path, String message) {
            if (!hasProblemAt(path)) {
                add(path, message);
            }
        }

        void checkKnownFields(String path, JsonNode object, List<String> known) {
            for (String name : object.propertyNames()) {
                if (!known.contains(name)) {
                    add(path, "unknown field " + quote(name) + " (known: " + String.join(", ", known) + ")");
                }
            }
        }
    }
}
