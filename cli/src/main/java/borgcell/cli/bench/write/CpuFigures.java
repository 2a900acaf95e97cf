package borgcell.cli.bench.write;

import borgcell.sim.JsonLine;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a side's CPU went in a measured window, per acknowledged write: all members together,
 * the leader, the follower written through, and the other followers on average; and how many
 * cores the members kept busy. NaN where it cannot be told (no writes, a member not measured).
 */
record CpuFigures(double allMsPerWrite, double leaderMsPerWrite, double viaMsPerWrite, double otherFollowerMsPerWrite,
                  double coresBusy) {

    static final CpuFigures UNKNOWN = new CpuFigures(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /**
     * @param used each member's CPU in the window, by name
     * @param leader the leader's name, empty when unknown
     * @param via the follower written through
     */
    static CpuFigures of(Map<String, Duration> used, String leader, String via, long writes, Duration window) {
        if (used.isEmpty() || writes == 0) {
            return UNKNOWN;
        }
        double all = 0;
        double others = 0;
        int otherCount = 0;
        for (Map.Entry<String, Duration> member : used.entrySet()) {
            double millis = member.getValue().toNanos() / 1e6;
            all += millis;
            if (!member.getKey().equals(leader) && !member.getKey().equals(via)) {
                others += millis;
                otherCount++;
            }
        }
        return new CpuFigures(all / writes, perWrite(used.get(leader), writes), perWrite(used.get(via), writes),
                otherCount == 0 ? Double.NaN : others / otherCount / writes, all / window.toMillis());
    }

    private static double perWrite(Duration used, long writes) {
        return used == null ? Double.NaN : used.toNanos() / 1e6 / writes;
    }

    Map<String, Object> fields() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("all", JsonLine.round(allMsPerWrite, 2));
        f.put("leader", JsonLine.round(leaderMsPerWrite, 2));
        f.put("via", JsonLine.round(viaMsPerWrite, 2));
        f.put("other_follower", JsonLine.round(otherFollowerMsPerWrite, 2));
        return f;
    }
}
