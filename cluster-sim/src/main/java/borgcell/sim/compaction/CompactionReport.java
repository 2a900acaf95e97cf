package borgcell.sim.compaction;

import borgcell.scheduler.ScoringPolicy;
import borgcell.sim.JsonLine;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Machines each policy needed for the workload, per trial, out of {@code machines}
 * (schedulable ones); {@code tasks} in the workload of which {@code tasksCompared} every policy
 * could place on the full cell.
 */
public record CompactionReport(int machines, int tasks, int tasksCompared, long seed, int trials,
                               Map<ScoringPolicy, List<Integer>> needed, int passes, double seconds, int cores) {

    public CompactionReport {
        needed = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(needed));
    }

    /** The 90th percentile over the trials (nearest rank), the figure the Borg paper reports. */
    public int p90(ScoringPolicy policy) {
        int[] sorted = needed.get(policy).stream().mapToInt(Integer::intValue).sorted().toArray();
        int rank = (int) Math.ceil(0.9 * sorted.length) - 1;
        return sorted[Math.clamp(rank, 0, sorted.length - 1)];
    }

    public String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "compaction: %d machines, %d tasks (%d placeable by every policy on the"
                + " full cell), %d trials from seed %d, %d cores%n", machines, tasks, tasksCompared, trials, seed, cores));
        out.append(String.format(Locale.ROOT, "%-10s %10s %9s  %s%n", "policy", "p90 needed", "of cell", "per trial"));
        for (Map.Entry<ScoringPolicy, List<Integer>> e : needed.entrySet()) {
            int p90 = p90(e.getKey());
            out.append(String.format(Locale.ROOT, "%-10s %10d %8.1f%%  %s%n", label(e.getKey()), p90,
                    100.0 * p90 / machines, e.getValue()));
        }
        out.append(String.format(Locale.ROOT, "%d packing passes from scratch in %.1f s%n", passes, seconds));
        return out.toString();
    }

    public String json() {
        Map<String, Object> p90 = new LinkedHashMap<>();
        Map<String, Object> share = new LinkedHashMap<>();
        Map<String, Object> perTrial = new LinkedHashMap<>();
        for (Map.Entry<ScoringPolicy, List<Integer>> e : needed.entrySet()) {
            p90.put(label(e.getKey()), p90(e.getKey()));
            share.put(label(e.getKey()), JsonLine.round((double) p90(e.getKey()) / machines, 4));
            perTrial.put(label(e.getKey()), e.getValue());
        }
        return new JsonLine().put("mode", "compaction").put("machines", machines).put("tasks", tasks)
                .put("tasks_compared", tasksCompared).put("machines_needed_p90", p90).put("fraction_of_cell_p90", share)
                .put("machines_needed", perTrial).put("trials", trials).put("passes", passes)
                .put("seconds", JsonLine.round(seconds, 2)).put("seed", seed).put("cores", cores).toString();
    }

    private static String label(ScoringPolicy p) {
        return p.name().toLowerCase(Locale.ROOT);
    }
}
