package borgcell.sim.compaction;

import borgcell.scheduler.MachineView;
import borgcell.scheduler.PassResult;
import borgcell.scheduler.Pipeline;
import borgcell.scheduler.Placement;
import borgcell.scheduler.Scheduler;
import borgcell.scheduler.SchedulerSettings;
import borgcell.scheduler.ScoringPolicy;
import borgcell.scheduler.TaskRequest;
import borgcell.sim.Workload;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Cell compaction, the Borg paper's way of comparing policies (section 5.1): how few of a
 * cell's machines does its workload fit on? Machines are removed, and the workload repacked
 * from scratch each time, until it no longer fits; the smallest cell it fit is the answer.
 *
 * <ul>
 *   <li>The workload is the tasks that the full cell places under every compared policy:
 *       a task no policy can place there (a thousand-task job allowing one per machine on
 *       500 machines) would make every cell "not fit" and says nothing about packing. Those
 *       left out are counted.</li>
 *   <li>"Fits" means every one of those tasks is placed in one pass, with no preemption (a
 *       task that needs an eviction to go in does not fit).</li>
 *   <li>Machines are removed in a random order drawn from each trial's seed; the answer is
 *       found by bisection over how many of that order's machines are kept, which assumes that
 *       a cell that fits still fits with one machine more (true of the greedy passes here in
 *       all but rare corner cases, and what makes each trial {@code log2(machines)} passes
 *       rather than {@code machines}).</li>
 *   <li>Several trials (seeds) per policy, since one removal order can be lucky: the paper
 *       reports the 90th percentile, so does this.</li>
 * </ul>
 */
public final class Compaction {

    /** Which policies, how many trials from which seed, and the scaled scheduler's candidate limit. */
    public record Options(List<ScoringPolicy> policies, int trials, long seed, int feasibleCandidatesLimit) {

        public Options {
            policies = List.copyOf(policies);
            if (policies.isEmpty() || trials < 1 || feasibleCandidatesLimit < 1) {
                throw new IllegalArgumentException("need a policy, at least one trial and a candidate limit of at least 1");
            }
        }

        public static Options of(int trials, long seed) {
            return new Options(List.of(ScoringPolicy.BEST_FIT, ScoringPolicy.WORST_FIT, ScoringPolicy.HYBRID), trials,
                    seed, SchedulerSettings.DEFAULT_FEASIBLE_CANDIDATES_LIMIT);
        }
    }

    private Compaction() {
    }

    public static CompactionReport run(Workload workload, Options o) {
        Objects.requireNonNull(workload, "workload");
        long start = System.nanoTime();
        // Draining machines take nothing: a cell of them would be no smaller for removing them.
        List<MachineView> machines = workload.machines().stream().filter(MachineView::schedulable).toList();
        List<TaskRequest> all = new ArrayList<>(workload.tasks());
        all.sort(TaskRequest.SCHEDULING_ORDER);

        // The tasks every policy places on the full cell.
        Set<String> placeable = null;
        for (ScoringPolicy p : o.policies()) {
            Set<String> placed = new HashSet<>();
            for (Placement pl : scheduler(p, o, o.seed()).schedule(machines, List.of(), all).placements()) {
                placed.add(pl.job() + "/" + pl.index());
            }
            if (placeable == null) {
                placeable = placed;
            } else {
                placeable.retainAll(placed);
            }
        }
        Set<String> keep = placeable;
        List<TaskRequest> tasks = all.stream().filter(t -> keep.contains(t.name())).toList();

        Map<ScoringPolicy, List<Integer>> needed = new EnumMap<>(ScoringPolicy.class);
        int passes = 0;
        for (ScoringPolicy p : o.policies()) {
            List<Integer> perTrial = new ArrayList<>();
            for (int trial = 0; trial < o.trials(); trial++) {
                long seed = o.seed() + trial;
                List<MachineView> order = shuffled(machines, seed);
                Scheduler scheduler = scheduler(p, o, seed);
                // Bisection: `lo` machines do not fit (or are none), `hi` machines fit.
                int lo = 0;
                int hi = order.size();
                while (hi - lo > 1) {
                    int mid = (lo + hi) >>> 1;
                    passes++;
                    if (fits(scheduler, order.subList(0, mid), tasks)) {
                        hi = mid;
                    } else {
                        lo = mid;
                    }
                }
                perTrial.add(hi);
            }
            needed.put(p, perTrial);
        }
        Map<ScoringPolicy, List<Integer>> ordered = new LinkedHashMap<>();
        for (ScoringPolicy p : o.policies()) {
            ordered.put(p, needed.get(p));
        }
        return new CompactionReport(machines.size(), all.size(), tasks.size(), o.seed(), o.trials(), ordered,
                passes, (System.nanoTime() - start) / 1e9, Runtime.getRuntime().availableProcessors());
    }

    private static boolean fits(Scheduler scheduler, List<MachineView> machines, List<TaskRequest> tasks) {
        PassResult r = scheduler.schedule(machines, List.of(), tasks);
        return r.unplaced().isEmpty() && r.placements().size() == tasks.size();
    }

    private static Scheduler scheduler(ScoringPolicy policy, Options o, long seed) {
        return new Scheduler(Pipeline.standard(policy), SchedulerSettings.scaled(seed)
                .withFeasibleCandidatesLimit(o.feasibleCandidatesLimit()).withPreemption(false));
    }

    /** The machines in a random order drawn from {@code seed} (Fisher-Yates). */
    static List<MachineView> shuffled(List<MachineView> machines, long seed) {
        List<MachineView> out = new ArrayList<>(machines);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = out.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            MachineView t = out.get(i);
            out.set(i, out.get(j));
            out.set(j, t);
        }
        return out;
    }
}
