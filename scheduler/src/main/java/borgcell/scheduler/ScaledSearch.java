package borgcell.scheduler;

import borgcell.scheduler.feasibility.Feasibility;
import borgcell.scheduler.scale.EquivalenceClass;
import borgcell.scheduler.scale.FreeResourceIndex;
import borgcell.scheduler.scale.RelaxedRandomization;
import borgcell.scheduler.scale.ScoreCache;
import java.util.ArrayList;
import java.util.List;

/**
 * The search with Borg's scale techniques, in the order a task meets them:
 * <ol>
 * <li>its <b>equivalence class</b>: a class that found no room is not searched again until an
 *     eviction frees some;</li>
 * <li>the <b>free-resource index</b> offers only machines that may have room, the ones the
 *     policy likes first, starting at a random member of each bucket;</li>
 * <li>the fixed checks (machine state, runtime, constraints) are worked out once per class and
 *     machine, and scores once per class and machine allocation (<b>score caching</b>); checks
 *     and scorers that read the pass run every time;</li>
 * <li><b>relaxed randomization</b>: the search stops after {@code feasibleCandidatesLimit}
 *     feasible machines and takes the best of them (highest score, then smallest id).</li>
 * </ol>
 * With no limit every feasible machine is scored, and the choice is the exhaustive search's.
 */
final class ScaledSearch implements Search, FreeResourceIndex.Visitor {

    private final Pipeline pipeline;
    private final PassState cell;
    private final EquivalenceClass.Grouping classes;
    private final int[] remaining;
    private final int[] noRoomAtEvictions;
    private final boolean[] scoresCacheable;
    private final List<Feasibility> fixedChecks = new ArrayList<>();
    private final List<Feasibility> changingChecks = new ArrayList<>();
    private final ScoreCache cache;
    private final RelaxedRandomization randomization;

    // The task being placed, for visit(): a field rather than a lambda, so no allocation per task.
    private TaskRequest task;
    private ScoreCache.Slot slot;
    private boolean cacheScores;
    private int feasible;
    private int best;
    private double bestScore;

    ScaledSearch(Pipeline pipeline, PassState cell, EquivalenceClass.Grouping classes, List<TaskRequest> tasks,
                 RelaxedRandomization randomization) {
        this.pipeline = pipeline;
        this.cell = cell;
        this.classes = classes;
        this.randomization = randomization;
        int n = classes.classes().size();
        remaining = classes.sizes().clone();
        noRoomAtEvictions = new int[n];
        java.util.Arrays.fill(noRoomAtEvictions, -1);
        scoresCacheable = new boolean[n];
        boolean[] seen = new boolean[n];
        for (int i = 0; i < tasks.size(); i++) {
            int c = classes.classOf()[i];
            if (!seen[c]) {
                seen[c] = true;
                scoresCacheable[c] = !pipeline.scoresReadThePass(tasks.get(i));
            }
        }
        for (Feasibility check : pipeline.checks()) {
            (check.fixedForThePass() ? fixedChecks : changingChecks).add(check);
        }
        cache = new ScoreCache(cell.size());
    }

    @Override
    public int bestMachine(TaskRequest t, int c) {
        try {
            if (noRoomAtEvictions[c] == cell.evictions) {
                return -1;
            }
            task = t;
            slot = cache.slotFor(classes.classes().get(c));
            cacheScores = scoresCacheable[c];
            feasible = 0;
            best = -1;
            bestScore = Double.NEGATIVE_INFINITY;
            cell.index().visit(t.demand().cpuMillis(), t.demand().ramBytes(), pipeline.prefers(),
                    randomization.random(), this);
            if (best < 0) {
                noRoomAtEvictions[c] = cell.evictions;
            }
            return best;
        } finally {
            if (--remaining[c] == 0) {
                cache.release(classes.classes().get(c));
            }
            task = null;
            slot = null;
        }
    }

    @Override
    public boolean visit(int m) {
        MachineView machine = cell.machines[m];
        byte fixed = slot.fixed(m);
        if (fixed == ScoreCache.UNKNOWN) {
            boolean ok = passes(fixedChecks, machine);
            slot.rememberFixed(m, ok);
            fixed = ok ? ScoreCache.FEASIBLE : ScoreCache.INFEASIBLE;
        }
        if (fixed == ScoreCache.INFEASIBLE || !passes(changingChecks, machine)) {
            return true;
        }
        double score;
        if (!cacheScores) {
            score = pipeline.score(task, machine, cell);
        } else if (slot.hasScore(m, cell.epoch[m])) {
            score = slot.score(m);
        } else {
            score = pipeline.score(task, machine, cell);
            slot.rememberScore(m, cell.epoch[m], score);
        }
        if (best < 0 || score > bestScore || (score == bestScore && m < best)) {
            best = m;
            bestScore = score;
        }
        feasible++;
        return !randomization.enough(feasible);
    }

    private boolean passes(List<Feasibility> checks, MachineView machine) {
        for (int i = 0; i < checks.size(); i++) {
            if (checks.get(i).check(task, machine, cell).isPresent()) {
                return false;
            }
        }
        return true;
    }
}
