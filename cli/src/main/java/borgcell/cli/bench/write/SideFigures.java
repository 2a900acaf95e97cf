package borgcell.cli.bench.write;

import borgcell.sim.JsonLine;
import borgcell.sim.Percentile;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One side's figures at one concurrency: the writes acknowledged in the measured window, their
 * latency (p50, p99), writes per second, and for the cell tasks per second (a job of K tasks is
 * one write); the errors; and whether the leader stayed the same throughout (if not, some
 * writes may have gone to the leader itself, not through a follower).
 *
 * @param tasksPerSec NaN where writes hold no tasks (etcd)
 * @param firstError the first error's message, null when there was none
 */
record SideFigures(long writes, long errors, double p50Ms, double p99Ms, double writesPerSec, double tasksPerSec,
                   boolean leaderStable, String firstError) {

    /** @param tasksPerWrite the tasks one write holds, 0 where writes are not jobs */
    static SideFigures of(ClosedLoop.Sample sample, int tasksPerWrite, boolean leaderStable) {
        double[] millis = new double[sample.latencyNanos().length];
        for (int i = 0; i < millis.length; i++) {
            millis[i] = sample.latencyNanos()[i] / 1e6;
        }
        double seconds = sample.window().toNanos() / 1e9;
        double writesPerSec = millis.length / seconds;
        return new SideFigures(millis.length, sample.errors(), Percentile.of(millis, 0.50), Percentile.of(millis, 0.99),
                writesPerSec, tasksPerWrite > 0 ? writesPerSec * tasksPerWrite : Double.NaN, leaderStable,
                sample.firstError());
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
        f.put("leader_stable", leaderStable);
        if (firstError != null) {
            f.put("first_error", firstError);
        }
        return f;
    }
}
