package borgcell.borglet;

import borgcell.api.v1.TaskUsageReport;
import borgcell.borglet.runtime.TaskUsage;
import borgcell.borglet.task.TaskKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which tasks' usage the next heartbeat carries. The leader keeps the usage it was told in
 * memory, so a heartbeat lists a task only when its usage moved notably since the leader last
 * took it: a steady machine sends none, however many tasks it runs. When the leader says it
 * holds nothing complete (it took over, or this Borglet is new to it) the next heartbeat lists
 * every task and says so.
 *
 * <p>CPU is reported as a rate, the average over the last heartbeat interval, so it needs two
 * readings: a task is first listed at its second reading. A run that restarted reads less CPU
 * time than before; its rate starts afresh from that reading.
 *
 * <p>Not thread-safe: the heartbeat thread alone uses it.
 */
final class UsageChanges {

    /** Memory moves less than this, or a tenth of what the leader holds, go unreported. */
    static final long MEMORY_STEP_BYTES = 1L << 20;
    /** CPU moves less than this, or a tenth of what the leader holds, go unreported. */
    static final long CPU_STEP_MILLICORES = 10;

    /** What one heartbeat carries; handed back to {@link #answered} once the leader took it. */
    record Outgoing(List<TaskUsageReport> reports, boolean complete) {}

    private record Reading(long cpuNanos, long atNanos) {}

    private final Map<TaskKey, Reading> lastReadings = new HashMap<>();
    private final Map<TaskKey, borgcell.api.v1.TaskUsage> leaderHolds = new HashMap<>();
    private boolean leaderWantsAll = true;

    /**
     * The usage for the next heartbeat.
     *
     * @param now each running task's usage, read just now (tasks whose runtime measures none are absent)
     * @param nowNanos when it was read, on a monotonic clock
     */
    Outgoing next(Map<TaskKey, TaskUsage> now, long nowNanos) {
        lastReadings.keySet().retainAll(now.keySet());
        leaderHolds.keySet().retainAll(now.keySet());
        List<TaskUsageReport> reports = new ArrayList<>();
        now.forEach((key, usage) -> {
            Reading before = lastReadings.put(key, new Reading(usage.cpuNanos(), nowNanos));
            if (before == null || usage.cpuNanos() < before.cpuNanos() || nowNanos <= before.atNanos()) {
                return; // no rate yet: a first reading, or a new run of the task
            }
            long millicores = (usage.cpuNanos() - before.cpuNanos()) * 1000 / (nowNanos - before.atNanos());
            borgcell.api.v1.TaskUsage measured = borgcell.api.v1.TaskUsage.newBuilder()
                    .setCpuMillicores(millicores)
                    .setCpuSeconds(usage.cpuNanos() / 1e9)
                    .setMemoryBytes(usage.memoryBytes())
                    .setMemoryPeakBytes(usage.memoryPeakBytes())
                    .build();
            if (leaderWantsAll || notablyMoved(leaderHolds.get(key), measured)) {
                reports.add(TaskUsageReport.newBuilder().setJob(key.job()).setIndex(key.index())
                        .setAttempt(key.attempt()).setUsage(measured).build());
            }
        });
        return new Outgoing(reports, leaderWantsAll);
    }

    /** The leader took the heartbeat that carried {@code sent}; {@code usageWanted} is what its answer said. */
    void answered(Outgoing sent, boolean usageWanted) {
        if (sent.complete()) {
            leaderHolds.clear();
        }
        for (TaskUsageReport report : sent.reports()) {
            leaderHolds.put(new TaskKey(report.getJob(), report.getIndex(), report.getAttempt()), report.getUsage());
        }
        leaderWantsAll = usageWanted;
    }

    /** The next heartbeat lists every task (after registering: whoever answers holds nothing of ours). */
    void sendAllNext() {
        leaderWantsAll = true;
    }

    static boolean notablyMoved(borgcell.api.v1.TaskUsage held, borgcell.api.v1.TaskUsage now) {
        return held == null
                || moved(held.getMemoryBytes(), now.getMemoryBytes(), MEMORY_STEP_BYTES)
                || moved(held.getMemoryPeakBytes(), now.getMemoryPeakBytes(), MEMORY_STEP_BYTES)
                || moved(held.getCpuMillicores(), now.getCpuMillicores(), CPU_STEP_MILLICORES);
    }

    private static boolean moved(long held, long now, long step) {
        return Math.abs(now - held) >= Math.max(step, held / 10);
    }
}
