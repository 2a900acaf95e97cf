package borgcell.cli.bench.write;

import borgcell.sim.JsonLine;
import borgcell.sim.Percentile;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One side's figures at one concurrency: the writes acknowledged in the measured window, their
 * latency (p50, p99), writes per second, and for the cell tasks per second (a job of K tasks is
 * one write); the errors; the member written through and the leader as the window opened, and
 * whether every write went through that follower to that leader (no election in the window).
 *
 * @param tasksPerSec NaN where writes hold no tasks (etcd)
 * @param entriesPerWrite the log entries the window took per write (below 1: writes shared
 *     entries); NaN when an election in the window makes the count mean nothing
 * @param cpu the members' CPU in the window, per write
 * @param firstError the first error's message, null when there was none
 */
record SideFigures(long writes, long errors, double p50Ms, double p99Ms, double writesPerSec, double tasksPerSec,
                   String via, String leader, boolean viaFollower, String firstError, double entriesPerWrite,
                   CpuFigures cpu) {

    /**
     * @param tasksPerWrite the tasks one write holds, 0 where writes are not jobs
     * @param via the member written through
     * @param atStart the leadership as the window opened, null if the follower did not say
     * @param atEnd the same as the window closed
     * @param cpuUsed each member's CPU in the window, by name
     */
    static SideFigures of(ClosedLoop.Sample sample, int tasksPerWrite, String via, WriteSide.Leadership atStart,
                          WriteSide.Leadership atEnd, Map<String, Duration> cpuUsed) {
        double[] millis = new double[sample.latencyNanos().length];
        for (int i = 0; i < millis.length; i++) {
            millis[i] = sample.latencyNanos()[i] / 1e6;
        }
        double seconds = sample.window().toNanos() / 1e9;
        double writesPerSec = millis.length / seconds;
        // The same term at both ends and a leader other than the follower: no election in between.
        boolean viaFollower = atStart != null && atStart.sameLeaderAs(atEnd) && !atStart.leader().isEmpty()
                && !atStart.leader().equals(via);
        double entriesPerWrite = viaFollower && millis.length > 0
                ? (double) (atEnd.logIndex() - atStart.logIndex()) / millis.length : Double.NaN;
        return new SideFigures(millis.length, sample.errors(), Percentile.of(millis, 0.50), Percentile.of(millis, 0.99),
                writesPerSec, tasksPerWrite > 0 ? writesPerSec * tasksPerWrite : Double.NaN, via,
                atStart == null ? "" : atStart.leader(), viaFollower, sample.firstError(), entriesPerWrite,
                CpuFigures.of(cpuUsed, atStart == null ? "" : atStart.leader(), via, millis.length, sample.window()));
    }

    boolean hasTasks() {
        return !Double.isNaN(tasksPerSec);
    }

    /** The figures as the JSON line holds them, rounded to what the measurement can tell. */
    Map<String, Object> fields() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("writes", writes);
        f.put("errors", errors);
        f.put("p50_ms", JsonLine.round(p50Ms, 3));
        f.put("p99_ms", JsonLine.round(p99Ms, 3));
        f.put("writes_per_sec", JsonLine.round(writesPerSec, 1));
        if (hasTasks()) {
            f.put("tasks_per_sec", JsonLine.round(tasksPerSec, 1));
        }
        f.put("via", via);
        f.put("leader", leader);
        f.put("via_follower", viaFollower);
        f.put("entries_per_write", JsonLine.round(entriesPerWrite, 3));
        f.put("cpu_ms_per_write", cpu.fields());
        f.put("cores_busy", JsonLine.round(cpu.coresBusy(), 2));
        if (firstError != null) {
            f.put("first_error", firstError);
        }
        return f;
    }
}
