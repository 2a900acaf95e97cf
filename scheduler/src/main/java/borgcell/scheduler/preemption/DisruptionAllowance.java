package borgcell.scheduler.preemption;

import borgcell.scheduler.PlacedTask;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How many more tasks of each job with a disruption budget one pass may evict, spent as the
 * pass evicts: preemption picks no victims whose jobs could not spare them all. Jobs not listed
 * have no budget and may lose any number.
 */
public final class DisruptionAllowance {
    public static final DisruptionAllowance UNLIMITED = new DisruptionAllowance(Map.of());

    private final Map<String, Integer> left;

    /** @param left per job with a budget, how many of its tasks may be taken down now (0 or more) */
    public DisruptionAllowance(Map<String, Integer> left) {
        this.left = new HashMap<>(left);
    }

    /** Whether every victim's job can spare what the list takes from it. */
    public boolean allows(List<PlacedTask> victims) {
        if (left.isEmpty()) {
            return true;
        }
        Map<String, Integer> taken = new HashMap<>();
        for (PlacedTask v : victims) {
            Integer spare = left.get(v.job());
            if (spare != null && taken.merge(v.job(), 1, Integer::sum) > spare) {
                return false;
            }
        }
        return true;
    }

    /** Whether a and b may both go (checked for every pair a machine offers: no allocation). */
    boolean allowsPair(PlacedTask a, PlacedTask b) {
        if (left.isEmpty() || !a.job().equals(b.job())) {
            return true;
        }
        Integer spare = left.get(a.job());
        return spare == null || spare >= 2;
    }

    /** Whether {@code t} may join {@code chosen}, its job sparing one more. */
    boolean allowsOneMore(List<PlacedTask> chosen, PlacedTask t) {
        Integer spare = left.get(t.job());
        if (spare == null) {
            return true;
        }
        int taken = 0;
        for (PlacedTask c : chosen) {
            if (c.job().equals(t.job())) {
                taken++;
            }
        }
        return taken < spare;
    }

    public boolean mayLoseOne(String job) {
        Integer spare = left.get(job);
        return spare == null || spare > 0;
    }

    /** A victim is evicted: its job has one fewer to spare for the rest of the pass. */
    public void evicted(PlacedTask victim) {
        left.computeIfPresent(victim.job(), (j, n) -> n - 1);
    }
}
