package borgcell.sim;

import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The figures of one bench run: the scaled pass over the whole workload, then the exhaustive
 * baseline and the scaled pass again on the same prefix of it (in scheduling order), so that
 * speed is compared per placement and packing on identical tasks.
 */
public record BenchReport(int machines, int tasks, long seed, int cores, int feasibleCandidatesLimit,
                          int placed, int unplaced, int pendingClasses, double seconds, CellUse use,
                          int prefixTasks, int prefixPlaced, double prefixSeconds, CellUse prefixUse,
                          int baselinePlaced, double baselineSeconds, CellUse baselineUse,
                          int onlinePasses, int onlineTasks, double onlinePassMsP50, double onlinePassMsP99) {

    public double placementsPerSec() {
        return seconds == 0 ? 0 : placed / seconds;
    }

    public double baselinePlacementsPerSec() {
        return baselineSeconds == 0 ? 0 : baselinePlaced / baselineSeconds;
    }

    public double speedup() {
        return baselinePlacementsPerSec() == 0 ? 0 : placementsPerSec() / baselinePlacementsPerSec();
    }

    /** Machines the scaled pass used on the prefix, relative to the baseline's: 1.01 is 1% more. */
    public double machinesUsedRatio() {
        return baselineUse.machinesUsed() == 0 ? 0 : (double) prefixUse.machinesUsed() / baselineUse.machinesUsed();
    }

    /** The table people read. */
    public String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "cell: %d machines, %d tasks, seed %d, %d cores, candidate limit %d%n",
                machines, tasks, seed, cores, feasibleCandidatesLimit));
        out.append(String.format(Locale.ROOT, "%-22s %9s %9s %9s %12s %9s %9s %10s %10s%n",
                "run", "tasks", "placed", "seconds", "placements/s", "machines", "cpu", "cpu(used)", "ram(used)"));
        row(out, "scaled, all tasks", tasks, placed, seconds, use);
        row(out, "scaled, prefix", prefixTasks, prefixPlaced, prefixSeconds, prefixUse);
        row(out, "exhaustive, prefix", prefixTasks, baselinePlaced, baselineSeconds, baselineUse);
        out.append(String.format(Locale.ROOT, "speedup %.1fx per placement; machines used on the prefix %.3fx the baseline's;"
                + " %d tasks pending in %d classes%n", speedup(), machinesUsedRatio(), unplaced, pendingClasses));
        if (onlinePasses > 0) {
            out.append(String.format(Locale.ROOT, "online: %d passes of %d new tasks into the loaded cell: p50 %.1f ms, p99 %.1f ms%n",
                    onlinePasses, onlineTasks, onlinePassMsP50, onlinePassMsP99));
        }
        return out.toString();
    }

    private static void row(StringBuilder out, String run, int tasks, int placed, double seconds, CellUse use) {
        out.append(String.format(Locale.ROOT, "%-22s %9d %9d %9.3f %12.0f %9d %8.1f%% %9.1f%% %9.1f%%%n", run, tasks, placed,
                seconds, seconds == 0 ? 0 : placed / seconds, use.machinesUsed(), use.cpu() * 100,
                use.cpuOfUsed() * 100, use.ramOfUsed() * 100));
    }

    /** One line of JSON with the figures, for scripts and CI. */
    public String json() {
        Map<String, Object> f = new java.util.LinkedHashMap<>();
        f.put("machines", machines);
        f.put("tasks", tasks);
        f.put("placed", placed);
        f.put("unplaced", unplaced);
        f.put("placements_per_sec", Math.round(placementsPerSec()));
        f.put("baseline_placements_per_sec", Math.round(baselinePlacementsPerSec()));
        f.put("speedup", round(speedup(), 1));
        f.put("utilization_cpu", round(use.cpu(), 4));
        f.put("utilization_ram", round(use.ram(), 4));
        f.put("prefix_tasks", prefixTasks);
        f.put("prefix_placed", prefixPlaced);
        f.put("baseline_placed", baselinePlaced);
        f.put("machines_used", prefixUse.machinesUsed());
        f.put("baseline_machines_used", baselineUse.machinesUsed());
        f.put("prefix_utilization_cpu", round(prefixUse.cpuOfUsed(), 4));
        f.put("prefix_utilization_ram", round(prefixUse.ramOfUsed(), 4));
        f.put("baseline_utilization_cpu", round(baselineUse.cpuOfUsed(), 4));
        f.put("baseline_utilization_ram", round(baselineUse.ramOfUsed(), 4));
        f.put("online_pass_ms_p99", round(onlinePassMsP99, 1));
        f.put("feasible_candidates_limit", feasibleCandidatesLimit);
        f.put("seed", seed);
        f.put("cores", cores);
        StringJoiner json = new StringJoiner(",", "{", "}");
        f.forEach((k, v) -> json.add("\"" + k + "\":" + v));
        return json.toString();
    }

    private static double round(double v, int places) {
        double scale = Math.pow(10, places);
        return Math.round(v * scale) / scale;
    }
}
