package borgcell.cli.sim;

import borgcell.scheduler.SchedulerSettings;
import borgcell.scheduler.ScoringPolicy;
import borgcell.sim.Bench;
import borgcell.sim.BenchReport;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code borg sim}: the cluster simulator (Fauxmaster): the real scheduler on simulated cells. */
@Command(name = "sim",
        mixinStandardHelpOptions = true,
        description = "Run the real scheduler on a simulated cell: no network, no Borglets.",
        subcommands = {SimCommand.Bench.class, SimRunCommand.class, SimReplayCommand.class, SimCompactionCommand.class},
        footer = {"", "Examples:",
                "  borg sim bench --machines 10000 --tasks 100000 --seed 1",
                "  borg sim run --machines 1000 --hours 1 --seed 1",
                "  borg sim replay --trace cluster-sim/src/test/resources/trace-sample",
                "  borg sim compaction --machines 2000 --seed 1"})
public final class SimCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Places a synthetic workload from scratch, then compares with the exhaustive baseline. */
    @Command(name = "bench",
            mixinStandardHelpOptions = true,
            description = {"Place a seeded synthetic workload on an empty cell with the scaled scheduler, then place"
                    + " its first tasks again exhaustively (every machine checked and scored for every task) and"
                    + " with the scaled scheduler, and compare speed per placement and machines used; then time"
                    + " online passes of new tasks into the loaded cell.",
                    "Prints a table, then one JSON line of figures last."},
            footer = {"", "Examples:",
                    "  borg sim bench --machines 10000 --tasks 100000 --seed 1",
                    "  borg sim bench --machines 500 --tasks 5000 --baseline-tasks 1000 --policy worst_fit"})
    public static final class Bench implements Callable<Integer> {

        @Option(names = "--machines", defaultValue = "10000", description = "Machines in the cell (default: ${DEFAULT-VALUE}).")
        int machines;

        @Option(names = "--tasks", defaultValue = "100000", description = "Tasks to place (default: ${DEFAULT-VALUE}).")
        int tasks;

        @Option(names = "--seed", defaultValue = "1", description = "Seed of the workload and of the search order (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--baseline-tasks", defaultValue = "5000",
                description = "Tasks (the first, in scheduling order) the exhaustive baseline places (default: ${DEFAULT-VALUE}).")
        int baselineTasks;

        @Option(names = "--candidates", defaultValue = "" + SchedulerSettings.DEFAULT_FEASIBLE_CANDIDATES_LIMIT,
                description = "Feasible machines scored per task before picking (default: ${DEFAULT-VALUE}).")
        int candidates;

        @Option(names = "--policy", defaultValue = "BEST_FIT",
                description = "Scoring policy: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
        ScoringPolicy policy;

        @Option(names = "--online-passes", defaultValue = "20",
                description = "Online passes into the loaded cell, timed for p99 (default: ${DEFAULT-VALUE}).")
        int onlinePasses;

        @Option(names = "--online-tasks", defaultValue = "1000", description = "New tasks per online pass (default: ${DEFAULT-VALUE}).")
        int onlineTasks;

        @Option(names = "--no-warmup", description = "Skip the warm-up run on a small cell (faster, slower figures).")
        boolean noWarmup;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (machines < 1 || machines > 1_000_000 || tasks < 1 || tasks > 10_000_000 || baselineTasks < 1
                    || candidates < 1 || onlinePasses < 0 || onlineTasks < 1) {
                throw new ParameterException(spec.commandLine(), "--machines must be 1-1000000, --tasks 1-10000000,"
                        + " --baseline-tasks, --candidates and --online-tasks at least 1, --online-passes at least 0");
            }
            PrintWriter out = spec.commandLine().getOut();
            BenchReport report = borgcell.sim.Bench.run(new borgcell.sim.Bench.Options(machines, tasks, seed,
                    Math.min(baselineTasks, tasks), candidates, policy, onlinePasses, onlineTasks, !noWarmup));
            out.print(report.table());
            out.println(report.json());
            out.flush();
            return 0;
        }
    }
}
