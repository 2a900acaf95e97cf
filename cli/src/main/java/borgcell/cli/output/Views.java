package borgcell.cli.output;

import borgcell.api.v1.AllocatedPort;
import borgcell.api.v1.CellInfo;
import borgcell.api.v1.Endpoint;
import borgcell.api.v1.Endpoints;
import borgcell.api.v1.Job;
import borgcell.api.v1.JobState;
import borgcell.api.v1.Machine;
import borgcell.api.v1.Replica;
import borgcell.api.v1.Resources;
import borgcell.api.v1.Task;
import borgcell.api.v1.TaskState;
import borgcell.borglet.task.TaskTable;
import borgcell.cell.BorgNames;
import borgcell.cli.spec.Quantities;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The tables people read: one method per command's view of the API's messages. */
public final class Views {

    private Views() {}

    /** What became of a job: RUNNING, SUCCEEDED (every task did), FAILED, KILLED. */
    public static String outcome(Job job) {
        return switch (job.getState()) {
            case JOB_KILLED -> "KILLED";
            case JOB_FINISHED -> job.getTasksList().stream().allMatch(t -> t.getState() == TaskState.SUCCEEDED)
                    ? "SUCCEEDED" : "FAILED";
            case JOB_RUNNING -> "RUNNING";
            default -> "UNKNOWN";
        };
    }

    public static boolean isDone(Job job) {
        return job.getState() == JobState.JOB_FINISHED || job.getState() == JobState.JOB_KILLED;
    }

    /** {@code 2 succeeded, 1 running}, in the order of the task lifecycle. */
    public static String taskCounts(Job job) {
        Map<TaskState, Long> counts = new EnumMap<>(TaskState.class);
        for (Task task : job.getTasksList()) {
            counts.merge(task.getState(), 1L, Long::sum);
        }
        if (counts.isEmpty()) {
            return "no tasks";
        }
        return counts.entrySet().stream()
                .map(e -> e.getValue() + " " + stateName(e.getKey()).toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }

    /**
     * {@code borg job status}: a summary, then one line per task, with whether each running
     * task is ready and its health checks' word, and what it uses against what it asked for,
     * where its runtime measures usage (containers).
     */
    public static String jobStatus(Job job) {
        StringBuilder out = new StringBuilder();
        var spec = job.getSpec();
        out.append("job ").append(spec.getName())
                .append("   user ").append(spec.getUser())
                .append("   priority ").append(spec.getPriority())
                .append("   state ").append(outcome(job))
                .append('\n');
        if (job.getCurrentVersion() > 0) {
            out.append("version ").append(job.getCurrentVersion());
            if (job.hasRollout()) {
                var r = job.getRollout();
                out.append("   update ").append(r.getFromVersion()).append(" -> ").append(r.getToVersion()).append(' ')
                        .append(r.getState()).append(": ").append(r.getMessage());
            }
            out.append('\n');
        }
        out.append("tasks ").append(job.getTasksCount()).append(": ").append(taskCounts(job)).append('\n');
        if (job.getTasksCount() > 0) {
            // A PORTS column only for a job with named ports: the others would show a column of dashes.
            boolean named = spec.getTask().getPortsCount() > 0;
            List<String> headers = new ArrayList<>(List.of("INDEX", "STATE", "READY", "MACHINE", "ATTEMPT", "RESTARTS", "EXIT",
                    "CPU USED/REQ", "MEM USED/REQ", "MEM PEAK", "HEALTH", "MESSAGE"));
            if (named) {
                headers.add(4, "PORTS");
            }
            Table tasks = new Table(headers.toArray(String[]::new));
            var request = spec.getTask().getResources();
            for (Task task : job.getTasksList()) {
                var used = task.getUsage();
                boolean measured = task.hasUsage();
                List<Object> row = new ArrayList<>(List.of(task.getIndex(), stateName(task.getState()), ready(task),
                        orDash(task.getMachineId()), task.getAttempt(), task.getRestarts(), exitCode(task),
                        measured ? Quantities.formatCpu(used.getCpuMillicores()) + "/" + Quantities.formatCpu(request.getCpuMillis()) : "-",
                        measured ? Quantities.formatBytes(used.getMemoryBytes()) + "/" + Quantities.formatBytes(request.getRamBytes()) : "-",
                        measured ? Quantities.formatBytes(used.getMemoryPeakBytes()) : "-",
                        orDash(task.getHealth()),
                        task.getMessage()));
                if (named) {
                    row.add(4, ports(task.getPortsList()));
                }
                tasks.row(row.toArray());
            }
            out.append('\n').append(tasks.render());
        }
        return out.toString();
    }

    /** {@code borg job history}: the versions of the job, then its earlier incarnations. */
    public static String jobHistory(borgcell.api.v1.JobHistory history) {
        StringBuilder out = new StringBuilder();
        Table versions = new Table("VERSION", "CREATED", "BY", "CAUSE", "CHANGE");
        borgcell.api.v1.JobSpec previous = null;
        for (var v : history.getVersionsList()) {
            versions.row((v.getNumber() == history.getCurrentVersion() ? "*" : " ") + v.getNumber(),
                    java.time.Instant.ofEpochMilli(v.getCreatedMillis()).toString(), orDash(v.getBy()), v.getCause(),
                    previous == null ? "-" : String.join("; ", borgcell.cell.SpecDiff.between(previous, v.getSpec())));
            previous = v.getSpec();
        }
        out.append("job ").append(history.getJob()).append("   current version ").append(history.getCurrentVersion())
                .append("\n\n").append(versions.render());
        if (history.getPastCount() > 0) {
            Table past = new Table("SUBMITTED", "STATE", "VERSIONS", "TASKS");
            for (Job j : history.getPastList()) {
                past.row(java.time.Instant.ofEpochMilli(j.getSubmittedMillis()).toString(), outcome(j),
                        j.getCurrentVersion(), taskCounts(j));
            }
            out.append("\nearlier incarnations\n").append(past.render());
        }
        return out.toString();
    }

    /** {@code http=20000,admin=20001}, or {@code -} for a task that holds none (not placed). */
    static String ports(List<AllocatedPort> ports) {
        return ports.isEmpty() ? "-" : ports.stream().map(p -> p.getName() + "=" + p.getPort()).collect(Collectors.joining(","));
    }

    /**
     * {@code borg job endpoints}: each ready task with its machine, address, ports and DNS name,
     * then the SRV name of each port, as a client would look them up.
     */
    public static String endpoints(Endpoints endpoints) {
        StringBuilder out = new StringBuilder("job " + endpoints.getJob() + "   user " + endpoints.getUser() + "   cell "
                + endpoints.getCell() + "   " + endpoints.getEndpointsCount() + " ready\n");
        if (endpoints.getEndpointsCount() == 0) {
            return out.toString();
        }
        Table table = new Table("INDEX", "MACHINE", "ADDRESS", "PORTS", "DNS");
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        for (Endpoint e : endpoints.getEndpointsList()) {
            table.row(e.getIndex(), e.getMachineId(), e.getAddress(), ports(e.getPortsList()), orDash(e.getDnsName()));
            e.getPortsList().forEach(p -> names.add(p.getName()));
        }
        out.append('\n').append(table.render());
        for (String port : names) {
            BorgNames.service(port, endpoints.getJob(), endpoints.getUser(), endpoints.getCell())
                    .ifPresent(srv -> out.append("\nSRV ").append(srv));
        }
        return names.isEmpty() ? out.toString() : out.append('\n').toString();
    }

    /** {@code borg job ls}. */
    public static String jobList(List<Job> jobs, long nowMillis) {
        if (jobs.isEmpty()) {
            return "no jobs\n";
        }
        Table table = new Table("NAME", "USER", "PRIORITY", "STATE", "TASKS", "PENDING", "RUNNING", "SUCCEEDED", "FAILED", "AGE");
        for (Job job : jobs) {
            Map<TaskState, Long> counts = new EnumMap<>(TaskState.class);
            job.getTasksList().forEach(t -> counts.merge(t.getState(), 1L, Long::sum));
            table.row(job.getSpec().getName(), job.getSpec().getUser(), job.getSpec().getPriority(), outcome(job),
                    job.getTasksCount(),
                    counts.getOrDefault(TaskState.PENDING, 0L),
                    counts.getOrDefault(TaskState.RUNNING, 0L) + counts.getOrDefault(TaskState.ASSIGNED, 0L),
                    counts.getOrDefault(TaskState.SUCCEEDED, 0L),
                    counts.getOrDefault(TaskState.FAILED, 0L) + counts.getOrDefault(TaskState.LOST, 0L),
                    age(job.getSubmittedMillis(), nowMillis));
        }
        return table.render();
    }

    /** {@code borg machine ls}: allocated/capacity per resource. */
    public static String machineList(List<Machine> machines) {
        if (machines.isEmpty()) {
            return "no machines\n";
        }
        Table table = new Table("ID", "STATE", "ADDRESS", "CPU", "RAM", "DISK", "RUNTIMES (*DEFAULT)", "ATTRIBUTES");
        for (Machine m : machines) {
            Resources cap = m.getCapacity();
            Resources used = m.getAllocated();
            table.row(m.getId(), stateName(m.getState()), m.getAddress(),
                    Quantities.formatCpu(used.getCpuMillis()) + "/" + Quantities.formatCpu(cap.getCpuMillis()),
                    Quantities.formatBytes(used.getRamBytes()) + "/" + Quantities.formatBytes(cap.getRamBytes()),
                    Quantities.formatBytes(used.getDiskBytes()) + "/" + Quantities.formatBytes(cap.getDiskBytes()),
                    orDash(runtimesMarkingTheDefault(m.getRuntimesList())),
                    orDash(new TreeMap<>(m.getAttributesMap()).entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","))));
        }
        return table.render();
    }

    /**
     * A machine's runtimes, the one a task naming none runs in marked {@code *}: a container
     * where the machine offers them, a process where it cannot (the Borglet's rule).
     */
    static String runtimesMarkingTheDefault(List<String> offered) {
        String chosen = TaskTable.defaultAmong(offered).orElse("");
        return offered.stream().map(r -> r.equals(chosen) ? r + "*" : r).collect(Collectors.joining(","));
    }

    /** {@code borg cell}: who leads, how much there is, then the replicas. */
    public static String cell(CellInfo cell) {
        StringBuilder out = new StringBuilder();
        out.append("leader     ").append(orDash(cell.getLeaderId())).append("   (term ").append(cell.getTerm()).append(")\n");
        out.append("machines   ").append(cell.getMachinesUp()).append(" up of ").append(cell.getMachinesTotal()).append('\n');
        out.append("jobs       ").append(cell.getJobs()).append('\n');
        out.append("applied    ").append(cell.getAppliedIndex()).append('\n');
        out.append("answered   ").append(orDash(cell.getAnsweredBy())).append('\n');
        if (cell.getReplicasCount() > 0) {
            Table replicas = new Table("REPLICA", "ROLE", "GRPC", "RAFT", "HTTP");
            for (Replica r : cell.getReplicasList()) {
                replicas.row(r.getId(), r.getLeader() ? "leader" : "follower", r.getGrpcAddress(), r.getRaftAddress(),
                        httpUrl(r.getHttpAddress()));
            }
            out.append('\n').append(replicas.render());
        }
        return out.toString();
    }

    /** {@code 42s}, {@code 5m}, {@code 3h}, {@code 2d}; {@code -} when unknown. */
    public static String age(long sinceMillis, long nowMillis) {
        if (sinceMillis <= 0) {
            return "-";
        }
        long seconds = Math.max(0, (nowMillis - sinceMillis) / 1000);
        if (seconds < 120) {
            return seconds + "s";
        }
        if (seconds < 2 * 3600) {
            return seconds / 60 + "m";
        }
        if (seconds < 2 * 86400) {
            return seconds / 3600 + "h";
        }
        return seconds / 86400 + "d";
    }

    private static String httpUrl(String address) {
        if (address.isEmpty() || address.startsWith("http://") || address.startsWith("https://")) {
            return orDash(address);
        }
        return "http://" + address;
    }

    /** "yes" or "no" for a running task (ready: passing its readiness check, or it has none); "-" otherwise. */
    private static String ready(Task task) {
        return task.getState() == TaskState.RUNNING ? (task.getReady() ? "yes" : "no") : "-";
    }

    private static String exitCode(Task task) {
        return switch (task.getState()) {
            case SUCCEEDED, FAILED -> Integer.toString(task.getExitCode());
            default -> "-";
        };
    }

    private static String stateName(Enum<?> state) {
        String name = state.name();
        return name.endsWith("_UNSPECIFIED") ? "UNKNOWN" : name;
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}
