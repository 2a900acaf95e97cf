package borgcell.scheduler.preemption;

import borgcell.scheduler.Dimension;
import borgcell.scheduler.PriorityBand;
import borgcell.scheduler.Resources;
import borgcell.scheduler.PlacedTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The victims on one machine that make room for a preemptor: the fewest tasks, then the
 * lowest priorities, among the tasks the preemptor's band may evict. Exact for one and two
 * victims (every single task, then every pair, is tried); beyond that greedy: take the tasks
 * that cover most of what is missing until it is covered, then give back any that turn out
 * not to be needed, highest priority first.
 */
public final class VictimSelection {

    /** Pairs are tried among this many cheapest candidates; beyond, the greedy rule decides. */
    static final int PAIR_CANDIDATES = 64;

    /**
     * Victims among {@code running} (in {@link PlacedTask#EVICTION_ORDER}) that free at least
     * {@code missing} on the machine, or empty if even evicting every allowed task would not.
     */
    public Optional<List<PlacedTask>> choose(PriorityBand preemptor, Resources missing, List<PlacedTask> running) {
        return choose(preemptor, missing, running, DisruptionAllowance.UNLIMITED);
    }

    /** The same, among tasks whose jobs' disruption budgets can spare one more. */
    public Optional<List<PlacedTask>> choose(PriorityBand preemptor, Resources missing, List<PlacedTask> running,
                                             DisruptionAllowance budgets) {
        List<PlacedTask> allowed = new ArrayList<>();
        for (PlacedTask t : running) {
            if (preemptor.mayPreempt(t.band()) && budgets.mayLoseOne(t.job())) {
                allowed.add(t);
            }
        }
        if (allowed.isEmpty() || !covers(sum(allowed), missing)) {
            return Optional.empty();
        }
        // One victim: the first in eviction order is the lowest priority.
        for (PlacedTask t : allowed) {
            if (covers(t.demand(), missing)) {
                return Optional.of(List.of(t));
            }
        }
        // Two victims: the pair with the lowest higher priority, then the lowest sum.
        int n = Math.min(allowed.size(), PAIR_CANDIDATES);
        PlacedTask bestA = null;
        PlacedTask bestB = null;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                PlacedTask a = allowed.get(i);
                PlacedTask b = allowed.get(j);
                if (covers(a.demand().plus(b.demand()), missing) && budgets.allowsPair(a, b)
                        && (bestA == null || cheaper(a, b, bestA, bestB))) {
                    bestA = a;
                    bestB = b;
                }
            }
        }
        if (bestA != null) {
            return Optional.of(List.of(bestA, bestB));
        }
        return Optional.ofNullable(greedy(allowed, missing, budgets));
    }

    private static boolean cheaper(PlacedTask a, PlacedTask b, PlacedTask bestA, PlacedTask bestB) {
        int high = Math.max(a.priority(), b.priority());
        int bestHigh = Math.max(bestA.priority(), bestB.priority());
        if (high != bestHigh) {
            return high < bestHigh;
        }
        // Pairs are visited in eviction order, so on a full tie the earlier pair stays.
        return (long) a.priority() + b.priority() < (long) bestA.priority() + bestB.priority();
    }

    /** The victims, or null when the budgets leave too few to cover what is missing. */
    private static List<PlacedTask> greedy(List<PlacedTask> allowed, Resources missing, DisruptionAllowance budgets) {
        List<PlacedTask> chosen = new ArrayList<>();
        List<PlacedTask> left = new ArrayList<>(allowed);
        Resources freed = Resources.ZERO;
        while (!covers(freed, missing)) {
            PlacedTask most = null;
            double mostCover = -1;
            for (PlacedTask t : left) {
                if (!budgets.allowsOneMore(chosen, t)) {
                    continue;
                }
                double cover = coverage(freed, t.demand(), missing);
                if (cover > mostCover) { // strictly: among equals the earlier (cheaper) stays
                    most = t;
                    mostCover = cover;
                }
            }
            if (most == null) {
                return null;
            }
            chosen.add(most);
            left.remove(most);
            freed = freed.plus(most.demand());
        }
        // Give back what is not needed, dearest first.
        chosen.sort(PlacedTask.EVICTION_ORDER);
        for (int i = chosen.size() - 1; i >= 0; i--) {
            PlacedTask t = chosen.get(i);
            if (covers(freed.minus(t.demand()), missing)) {
                chosen.remove(i);
                freed = freed.minus(t.demand());
            }
        }
        return List.copyOf(chosen);
    }

    /** How much of what is still missing after {@code freed} the task would cover, summed over short dimensions as shares. */
    private static double coverage(Resources freed, Resources task, Resources missing) {
        double cover = 0;
        for (Dimension d : Dimension.ALL) {
            long stillMissing = d.amountIn(missing) - d.amountIn(freed);
            if (stillMissing > 0) {
                cover += Math.min(1.0, (double) d.amountIn(task) / stillMissing);
            }
        }
        return cover;
    }

    private static Resources sum(List<PlacedTask> tasks) {
        Resources total = Resources.ZERO;
        for (PlacedTask t : tasks) {
            total = total.plus(t.demand());
        }
        return total;
    }

    private static boolean covers(Resources freed, Resources missing) {
        return missing.fitsIn(freed);
    }
}
