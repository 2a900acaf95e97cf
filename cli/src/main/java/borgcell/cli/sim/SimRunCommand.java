package borgcell.cli.sim;

import borgcell.scheduler.ScoringPolicy;
import borgcell.sim.des.DesReport;
import borgcell.sim.des.Scenario;
import borgcell.sim.des.Simulation;
import borgcell.sim.des.SyntheticScenario;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code borg sim run}: the discrete-event simulation of a synthetic cell. */
@Command(name = "run",
        mixinStandardHelpOptions = true,
        description = {"Simulate a synthetic cell in simulated time: the BorgMaster's own Cell, driven by commands, and"
                + " the leader's scheduler (scaled, with preemption) every --pass-seconds. At time 0 the machines join"
                + " and a seeded workload arrives (services and batch); batch jobs keep arriving to hold the load;"
                + " machines fail and are repaired at random. The same seed gives the same outcome.",
                "Reports utilization over time, pending time per band (p50, p99), preemptions, scheduling pass time"
                        + " and placements/s. Prints a table, then one JSON line of figures last."},
        footer = {"", "Examples:",
                "  borg sim run --machines 1000 --hours 1 --seed 1",
                "  borg sim run --machines 200 --hours 6 --mtbf-hours 48 --policy hybrid"})
public final class SimRunCommand implements Callable<Integer> {

    @Option(names = "--machines", defaultValue = "1000", description = "Machines in the cell (default: ${DEFAULT-VALUE}).")
    int machines;

    @Option(names = "--hours", defaultValue = "1", description = "Simulated hours (default: ${DEFAULT-VALUE}).")
    double hours;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the workload, failures and search order (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--tasks", description = "Tasks arriving at time 0 (default: 10 per machine).")
    Integer tasks;

    @Option(names = "--pass-seconds", defaultValue = "10", description = "Simulated seconds between scheduling passes (default: ${DEFAULT-VALUE}).")
    double passSeconds;

    @Option(names = "--mtbf-hours", defaultValue = "720",
            description = "Mean time between failures of one machine, hours (default: ${DEFAULT-VALUE}, 30 days).")
    double mtbfHours;

    @Option(names = "--repair-minutes", defaultValue = "60", description = "Mean time to repair, minutes (default: ${DEFAULT-VALUE}).")
    double repairMinutes;

    @Option(names = "--policy", defaultValue = "BEST_FIT", description = "Scoring policy: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    ScoringPolicy policy;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        int base = tasks == null ? machines * 10 : tasks;
        if (machines < 1 || machines > 100_000 || base < 1 || base > 2_000_000 || !(hours > 0) || hours > 24 * 30
                || !(passSeconds >= 0.001) || !(mtbfHours > 0) || !(repairMinutes > 0)) {
            throw new ParameterException(spec.commandLine(), "--machines must be 1-100000, --tasks 1-2000000, --hours"
                    + " above 0 and at most 720, --pass-seconds at least 0.001, --mtbf-hours and --repair-minutes above 0");
        }
        Scenario scenario = SyntheticScenario.generate(
                new SyntheticScenario.Options(machines, base, hours, seed, mtbfHours, repairMinutes));
        DesReport report = Simulation.run(scenario, settings(passSeconds, policy, seed), "run");
        PrintWriter out = spec.commandLine().getOut();
        out.print(report.table());
        out.println(report.json());
        out.flush();
        return 0;
    }

    static Simulation.Settings settings(double passSeconds, ScoringPolicy policy, long seed) {
        Simulation.Settings defaults = Simulation.Settings.of(seed);
        return new Simulation.Settings(Math.round(passSeconds * 1000), defaults.sampleIntervalMillis(), policy, seed);
    }
}
