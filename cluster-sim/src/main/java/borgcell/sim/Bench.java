package borgcell.sim;

import borgcell.scheduler.MachineView;
import borgcell.scheduler.PassResult;
import borgcell.scheduler.Pipeline;
import borgcell.scheduler.Placement;
import borgcell.scheduler.PlacedTask;
import borgcell.scheduler.Scheduler;
import borgcell.scheduler.SchedulerSettings;
import borgcell.scheduler.ScoringPolicy;
import borgcell.scheduler.TaskRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The scheduling bench: a synthetic cell and workload placed from scratch by the scaled
 * scheduler, then the first {@code baselineTasks} tasks (in scheduling order) placed again by
 * the exhaustive search and by the scaled one, on the same empty cell, to compare speed per
 * placement and packing; then {@code onlinePasses} passes of {@code onlineTasks} new tasks
 * each into the loaded cell (each from the same loaded state, with every placed task running
 * and open to preemption), the leader's everyday pass. Wall-clock time is measured here, in
 * the bench, never in the scheduler.
 */
public final class Bench {

    /** What to run. */
    public record Options(int machines, int tasks, long seed, int baselineTasks, int feasibleCandidatesLimit,
                          ScoringPolicy policy, int onlinePasses, int onlineTasks, boolean warmUp) {

        public Options {
            Objects.requireNonNull(policy, "policy");
            if (machines < 1 || tasks < 1 || baselineTasks < 1 || feasibleCandidatesLimit < 1
                    || onlinePasses < 0 || onlineTasks < 1) {
                throw new IllegalArgumentException("machines, tasks, baseline tasks, the candidate limit and online tasks"
                        + " must be at least 1, online passes at least 0");
            }
        }

        /** The bench: 10,000 machines, 100,000 tasks, a 5,000-task baseline, 20 online passes of 1,000. */
        public static Options of(int machines, int tasks, long seed) {
            return new Options(machines, tasks, seed, Math.min(tasks, 5_000),
                    SchedulerSettings.DEFAULT_FEASIBLE_CANDIDATES_LIMIT, ScoringPolicy.BEST_FIT, 20, 1_000, true);
        }
    }

    private Bench() {
    }

    public static BenchReport run(Options o) {
        Workload workload = SyntheticWorkload.generate(o.machines(), o.tasks(), o.seed());
        Pipeline pipeline = Pipeline.standard(o.policy());
        Scheduler scaled = new Scheduler(pipeline, SchedulerSettings.scaled(o.seed())
                .withFeasibleCandidatesLimit(o.feasibleCandidatesLimit()));
        Scheduler exhaustive = new Scheduler(pipeline, SchedulerSettings.exhaustive());
        if (o.warmUp()) {
            warmUp(scaled, exhaustive, o.seed());
        }

        List<MachineView> machines = workload.machines();
        List<TaskRequest> tasks = new ArrayList<>(workload.tasks());
        tasks.sort(TaskRequest.SCHEDULING_ORDER);

        long start = System.nanoTime();
        PassResult all = scaled.schedule(machines, List.of(), tasks);
        double seconds = (System.nanoTime() - start) / 1e9;

        List<TaskRequest> prefix = tasks.subList(0, Math.min(o.baselineTasks(), tasks.size()));
        start = System.nanoTime();
        PassResult baseline = exhaustive.schedule(machines, List.of(), prefix);
        double baselineSeconds = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        PassResult scaledPrefix = scaled.schedule(machines, List.of(), prefix);
        double prefixSeconds = (System.nanoTime() - start) / 1e9;

        double[] online = online(scaled, workload, tasks, all, o);
        return new BenchReport(o.machines(), tasks.size(), o.seed(), Runtime.getRuntime().availableProcessors(),
                o.feasibleCandidatesLimit(), all.placements().size(), all.unplaced().size(), all.whyPending().size(),
                seconds, CellUse.of(machines, tasks, all.placements()),
                prefix.size(), scaledPrefix.placements().size(), prefixSeconds,
                CellUse.of(machines, prefix, scaledPrefix.placements()),
                baseline.placements().size(), baselineSeconds, CellUse.of(machines, prefix, baseline.placements()),
                o.onlinePasses(), o.onlineTasks(), Percentile.of(online, 0.50), Percentile.of(online, 0.99));
    }

    /** Milliseconds of each online pass into the cell as the full pass left it. */
    private static double[] online(Scheduler scaled, Workload workload, List<TaskRequest> tasks, PassResult all, Options o) {
        if (o.onlinePasses() == 0) {
            return new double[0];
        }
        Map<String, TaskRequest> byName = new HashMap<>(tasks.size() * 2);
        for (TaskRequest t : tasks) {
            byName.put(t.name(), t);
        }
        Map<String, MachineView> loaded = new HashMap<>();
        for (MachineView m : workload.machines()) {
            loaded.put(m.id(), m);
        }
        List<PlacedTask> running = new ArrayList<>(all.placements().size());
        for (Placement p : all.placements()) {
            TaskRequest t = byName.get(p.job() + "/" + p.index());
            running.add(new PlacedTask(t.job(), t.index(), t.priority(), t.demand(), p.machineId()));
            loaded.computeIfPresent(p.machineId(), (id, m) -> m.withAllocated(m.allocated().plus(t.demand())));
        }
        List<MachineView> machines = List.copyOf(loaded.values());
        double[] ms = new double[o.onlinePasses()];
        for (int r = 0; r < o.onlinePasses(); r++) {
            List<TaskRequest> fresh = new ArrayList<>();
            for (SimJob job : SyntheticWorkload.moreJobs(workload, o.onlineTasks(), o.seed() * 1_000 + r, "online" + r + "-")) {
                fresh.addAll(job.tasks());
            }
            long start = System.nanoTime();
            scaled.schedule(machines, running, fresh);
            ms[r] = (System.nanoTime() - start) / 1e6;
        }
        return ms;
    }

    /** Runs both searches on a small cell first, so the measured runs meet compiled code. */
    private static void warmUp(Scheduler scaled, Scheduler exhaustive, long seed) {
        Workload small = SyntheticWorkload.generate(1_000, 20_000, seed + 7);
        List<TaskRequest> tasks = small.tasks();
        scaled.schedule(small.machines(), List.of(), tasks);
        exhaustive.schedule(small.machines(), List.of(), tasks.subList(0, 1_000));
    }
}
