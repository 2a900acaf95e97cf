package borgcell.cli.sim;

import borgcell.cli.CliException;
import borgcell.cli.ExitCodes;
import borgcell.scheduler.ScoringPolicy;
import borgcell.sim.des.DesReport;
import borgcell.sim.des.Simulation;
import borgcell.sim.trace.OnMalformed;
import borgcell.sim.trace.Trace;
import borgcell.sim.trace.TraceFormatException;
import borgcell.sim.trace.TraceReader;
import borgcell.sim.trace.TraceScale;
import borgcell.sim.trace.TraceScenario;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code borg sim replay}: a trace in the Google 2011 format through the discrete-event simulation. */
@Command(name = "replay",
        mixinStandardHelpOptions = true,
        description = {"Replay a trace in the format of Google's 2011 cluster trace through the simulated cell:"
                + " DIR holds machine_events and task_events, each a folder of part files (.csv or .csv.gz) or one"
                + " file (machine_events.csv[.gz]). The trace gives machines, job arrivals, requests and run lengths;"
                + " our scheduler and Cell decide placement and preemption.",
                "Normalised cpu and memory 1.0 = --cpu-cores-per-unit cores and --ram-gib-per-unit GiB. Trace"
                        + " priorities: 0-1 best effort, 2-8 batch, 9-10 production, 11 monitoring.",
                "Malformed lines are reported with file and line number, then skipped (--on-malformed skip) or"
                        + " stop the run (--on-malformed fail).",
                "Prints a table, then one JSON line of figures last."},
        footer = {"", "Examples:",
                "  borg sim replay --trace cluster-sim/src/test/resources/trace-sample",
                "  borg sim replay --trace ~/clusterdata-2011-2 --hours 2 --on-malformed fail"})
public final class SimReplayCommand implements Callable<Integer> {

    /** Malformed lines listed on the table; the rest are counted. */
    private static final int SHOWN_MALFORMED = 10;

    @Option(names = "--trace", required = true, paramLabel = "DIR", description = "The trace directory.")
    Path trace;

    @Option(names = "--hours", description = "Replay only the first hours of the trace (default: all of it).")
    Double hours;

    @Option(names = "--on-malformed", defaultValue = "SKIP",
            description = "What a malformed line does: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OnMalformed onMalformed;

    @Option(names = "--cpu-cores-per-unit", defaultValue = "64", description = "Cores of normalised cpu 1.0 (default: ${DEFAULT-VALUE}).")
    double coresPerUnit;

    @Option(names = "--ram-gib-per-unit", defaultValue = "256", description = "GiB of normalised memory 1.0 (default: ${DEFAULT-VALUE}).")
    double ramGibPerUnit;

    @Option(names = "--pass-seconds", defaultValue = "10", description = "Simulated seconds between scheduling passes (default: ${DEFAULT-VALUE}).")
    double passSeconds;

    @Option(names = "--policy", defaultValue = "BEST_FIT", description = "Scoring policy: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    ScoringPolicy policy;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the scheduler's search order (default: ${DEFAULT-VALUE}).")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if ((hours != null && !(hours > 0)) || !(coresPerUnit > 0) || !(ramGibPerUnit > 0) || !(passSeconds >= 0.001)) {
            throw new ParameterException(spec.commandLine(), "--hours, --cpu-cores-per-unit and --ram-gib-per-unit must be"
                    + " above 0, --pass-seconds at least 0.001");
        }
        long untilMicros = hours == null ? Long.MAX_VALUE : Math.round(hours * 3_600_000_000.0);
        Trace t;
        try {
            t = TraceReader.read(trace, onMalformed, untilMicros);
        } catch (TraceFormatException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        }
        long horizon = hours == null ? t.lastTimeMicros() / 1000 + 1 : untilMicros / 1000;
        TraceScale scale = new TraceScale(Math.round(coresPerUnit * 1000), Math.round(ramGibPerUnit * (1L << 30)),
                TraceScale.DEFAULT.diskBytesPerUnit(), TraceScale.DEFAULT.portsPerMachine());
        TraceScenario.Result result = TraceScenario.of(t, scale, horizon, "trace " + trace);
        Simulation.Settings settings = SimRunCommand.settings(passSeconds, policy, seed);
        DesReport report = Simulation.run(result.scenario(), settings, "replay");

        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "trace %s: %d files, %d machine events, %d task events, %d malformed lines skipped%n",
                trace, t.files().size(), t.machineEvents().size(), t.taskEvents().size(), t.malformed().size());
        t.malformed().stream().limit(SHOWN_MALFORMED).forEach(m -> out.println("  malformed: " + m));
        if (t.malformed().size() > SHOWN_MALFORMED) {
            out.printf(Locale.ROOT, "  ... and %d more%n", t.malformed().size() - SHOWN_MALFORMED);
        }
        out.printf(Locale.ROOT, "task events by type: %s%n", t.taskEventCounts().toString().toLowerCase(Locale.ROOT));
        TraceScenario.Summary s = result.summary();
        out.printf(Locale.ROOT, "made into %d machines (%d events without capacity left out), %d jobs, %d tasks (%d"
                        + " without an end: services), %d events of tasks submitted before the window left out%n",
                s.machines(), s.machineEventsWithoutCapacity(), s.jobs(), s.tasks(), s.services(), s.eventsOfUnsubmittedTasks());
        out.print(report.table());
        // The JSON line carries the trace's own figures too, then the report's.
        String json = report.json();
        out.println("{\"trace_task_events\":" + t.taskEvents().size() + ",\"trace_machine_events\":"
                + t.machineEvents().size() + ",\"malformed_lines\":" + t.malformed().size() + "," + json.substring(1));
        out.flush();
        return 0;
    }
}
