package borgcell.cli.output;

import borgcell.api.v1.CellInfo;
import borgcell.api.v1.Job;
import borgcell.api.v1.JobState;
import borgcell.api.v1.Machine;
import borgcell.api.v1.Replica;
import borgcell.api.v1.Resources;
import borgcell.api.v1.Task;
import borgcell.api.v1.TaskState;
import borgcell.borglet.task.TaskTable;
import borgcell.cli.spec.Quantities;
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
        out.append("tasks ").append(job.getTasksCount()).append(": ").append(taskCounts(job)).append('\n');
        if (job.getTasksCount() > 0) {
            Table tasks = new Table("INDEX", "STATE", "READY", "MACHINE", "ATTEMPT", "RESTARTS", "EXIT", "CPU USED/REQ",
                    "MEM USED/REQ", "MEM PEAK", "HEALTH", "MESSAGE");
            var request = spec.getTask().getResources();
            for (Task task : job.getTasksList()) {
                var used = task.getUsage();
                boolean measured = task.hasUsage();
                tasks.row(task.getIndex(), stateName(task.getState()), ready(task), orDash(task.getMachineId()), task.getAttempt(),
                        task.getRestarts(), exitCode(task),
                        measured ? Quantities.formatCpu(used.getCpuMillicores()) + "/" + Quantities.formatCpu(request.getCpuMillis()) : "-",
                        measured ? Quantities.formatBytes(used.getMemoryBytes()) + "/" + Quantities.formatBytes(request.getRamBytes()) : "-",
                        measured ? Quantities.formatBytes(used.getMemoryPeakBytes()) : "-",
                        orDash(task.getHealth()),
                        task.getMessage());
            }
            out.append('\n').append(tasks.render());
        }
        return out.toString();
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
