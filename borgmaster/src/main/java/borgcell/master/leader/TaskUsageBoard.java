package borgcell.master.leader;

import borgcell.api.v1.HeartbeatRequest;
import borgcell.api.v1.Job;
import borgcell.api.v1.Task;
import borgcell.api.v1.TaskReport;
import borgcell.api.v1.TaskState;
import borgcell.api.v1.TaskUsage;
import borgcell.api.v1.TaskUsageReport;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The leader's picture of what running tasks use, as their Borglets report it. Soft state,
 * like liveness: never a Raft command (usage moves all the time, and a new leader learns it
 * again within a heartbeat, by asking each Borglet for all of it), so it costs the write path
 * nothing. Borglets send only what moved; this board merges it, and answers' jobs carry it.
 *
 * <p>What it holds for a machine is complete once that machine sent a complete list in this
 * leader's term; until then every answer asks for one. A term of its own is what makes a
 * replica that led before, lost and leads again start afresh rather than trust old figures.
 *
 * <p>Thread-safe: heartbeats write it on their batch thread, queries read it on theirs. Each
 * machine's figures are one immutable map, replaced whole when they change.
 */
public final class TaskUsageBoard {

    private record Key(String job, int index, int attempt) {}

    private final Map<String, Map<Key, TaskUsage>> byMachine = new ConcurrentHashMap<>();
    private volatile long term = -1;

    /**
     * Takes one heartbeat's usage, heard as leader of {@code term}.
     *
     * @return whether the answer should ask for the machine's complete usage
     */
    public boolean take(long term, HeartbeatRequest heartbeat) {
        if (term != this.term) {
            synchronized (this) {
                if (term != this.term) {
                    byMachine.clear();
                    this.term = term;
                }
            }
        }
        String machineId = heartbeat.getMachineId();
        Map<Key, TaskUsage> held = byMachine.get(machineId);
        if (heartbeat.getUsageComplete()) {
            held = Map.of();
        } else if (held == null) {
            return true;
        }
        int running = runningCount(heartbeat);
        if (heartbeat.getUsageCount() == 0 && held.size() <= running) {
            // Nothing moved, and (as far as a count tells) nothing ended: the common heartbeat
            // costs no copy and no write. A task that ended while another started is dropped at
            // the next change.
            if (heartbeat.getUsageComplete()) {
                byMachine.put(machineId, held); // a complete list of none
            }
            return false;
        }
        Map<Key, TaskUsage> next = new HashMap<>(held);
        for (TaskUsageReport report : heartbeat.getUsageList()) {
            next.put(new Key(report.getJob(), report.getIndex(), report.getAttempt()), report.getUsage());
        }
        next.keySet().retainAll(runningKeys(heartbeat));
        byMachine.put(machineId, Map.copyOf(next));
        return false;
    }

    /**
     * What is wrong with a heartbeat's usage, or null: figures are never negative, and a
     * heartbeat lists a task at most once, so never more tasks than it reports.
     */
    public static String problemWith(HeartbeatRequest heartbeat) {
        if (heartbeat.getUsageCount() > heartbeat.getTasksCount()) {
            return "usage: lists " + heartbeat.getUsageCount() + " tasks but the heartbeat reports only "
                    + heartbeat.getTasksCount();
        }
        for (int i = 0; i < heartbeat.getUsageCount(); i++) {
            TaskUsage u = heartbeat.getUsage(i).getUsage();
            String field = u.getCpuMillicores() < 0 ? "cpu_millicores"
                    : !(u.getCpuSeconds() >= 0) || Double.isInfinite(u.getCpuSeconds()) ? "cpu_seconds"
                    : u.getMemoryBytes() < 0 ? "memory_bytes"
                    : u.getMemoryPeakBytes() < 0 ? "memory_peak_bytes" : null;
            if (field != null) {
                return "usage[" + i + "].usage." + field + ": must be a finite number >= 0 (task "
                        + heartbeat.getUsage(i).getJob() + "/" + heartbeat.getUsage(i).getIndex() + ")";
            }
        }
        return null;
    }

    /** The job with each running task's usage, where this board has it. */
    public Job annotate(Job job) {
        Job.Builder out = null;
        for (int i = 0; i < job.getTasksCount(); i++) {
            Task task = job.getTasks(i);
            if (task.getState() != TaskState.RUNNING) {
                continue;
            }
            Map<Key, TaskUsage> machine = byMachine.get(task.getMachineId());
            TaskUsage usage = machine == null ? null : machine.get(new Key(task.getJob(), task.getIndex(), task.getAttempt()));
            if (usage != null) {
                out = out == null ? job.toBuilder() : out;
                out.setTasks(i, task.toBuilder().setUsage(usage));
            }
        }
        return out == null ? job : out.build();
    }

    /** No longer leader: what is held would be stale by the time this replica leads again. */
    public void forget() {
        if (!byMachine.isEmpty()) {
            byMachine.clear();
        }
    }

    private static int runningCount(HeartbeatRequest heartbeat) {
        int running = 0;
        for (TaskReport report : heartbeat.getTasksList()) {
            if (report.getState() == TaskState.RUNNING) {
                running++;
            }
        }
        return running;
    }

    private static java.util.Set<Key> runningKeys(HeartbeatRequest heartbeat) {
        java.util.Set<Key> keys = new java.util.HashSet<>();
        for (TaskReport report : heartbeat.getTasksList()) {
            if (report.getState() == TaskState.RUNNING) {
                keys.add(new Key(report.getJob(), report.getIndex(), report.getAttempt()));
            }
        }
        return keys;
    }
}
