package borgcell.cli.sim;

import borgcell.scheduler.SchedulerSettings;
import borgcell.scheduler.ScoringPolicy;
import borgcell.sim.SyntheticWorkload;
import borgcell.sim.Workload;
import borgcell.sim.compaction.Compaction;
import borgcell.sim.compaction.CompactionReport;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code borg sim compaction}: how few machines the workload fits on, per scoring policy. */
@Command(name = "compaction",
        mixinStandardHelpOptions = true,
        description = {"Cell compaction, as in the Borg paper: remove machines from a seeded synthetic cell, repacking"
                + " its workload from scratch each time (one pass, no preemption), until it no longer fits; report"
                + " the machines each policy needed (best fit, worst fit, hybrid), the 90th percentile over --trials"
                + " random removal orders. The workload is the tasks every policy places on the full cell.",
                "Prints a table, then one JSON line of figures last."},
        footer = {"", "Examples:",
                "  borg sim compaction --machines 2000 --seed 1",
                "  borg sim compaction --machines 500 --load 0.8 --trials 5 --policies best_fit,hybrid"})
public final class SimCompactionCommand implements Callable<Integer> {

    @Option(names = "--machines", defaultValue = "2000", description = "Machines in the full cell (default: ${DEFAULT-VALUE}).")
    int machines;

    @Option(names = "--tasks", description = "Tasks in the workload (default: 10 per machine).")
    Integer tasks;

    // Below the bench's 0.8: a cell asked for 80% of its cpu has little to give back, and the
    // answer would say more about the synthetic workload's largest one-per-machine jobs than
    // about packing.
    @Option(names = "--load", defaultValue = "0.5",
            description = "Cpu the workload asks for, as a share of the full cell's (default: ${DEFAULT-VALUE}).")
    double load;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the workload; trial i uses seed + i for its removal order (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--trials", defaultValue = "3", description = "Random removal orders per policy (default: ${DEFAULT-VALUE}).")
    int trials;

    @Option(names = "--policies", split = ",", defaultValue = "BEST_FIT,WORST_FIT,HYBRID",
            description = "Policies to compare (default: ${DEFAULT-VALUE}).")
    List<ScoringPolicy> policies;

    @Option(names = "--candidates", defaultValue = "" + SchedulerSettings.DEFAULT_FEASIBLE_CANDIDATES_LIMIT,
            description = "Feasible machines scored per task before picking (default: ${DEFAULT-VALUE}).")
    int candidates;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        int n = tasks == null ? machines * 10 : tasks;
        if (machines < 1 || machines > 100_000 || n < 1 || n > 2_000_000 || !(load > 0) || load > 1 || trials < 1
                || trials > 100 || candidates < 1) {
            throw new ParameterException(spec.commandLine(), "--machines must be 1-100000, --tasks 1-2000000, --load"
                    + " above 0 and at most 1, --trials 1-100, --candidates at least 1");
        }
        Workload workload = SyntheticWorkload.generate(machines, n, seed, load);
        CompactionReport report = Compaction.run(workload,
                new Compaction.Options(policies.stream().distinct().toList(), trials, seed, candidates));
        PrintWriter out = spec.commandLine().getOut();
        out.print(report.table());
        out.println(report.json());
        out.flush();
        return 0;
    }
}
