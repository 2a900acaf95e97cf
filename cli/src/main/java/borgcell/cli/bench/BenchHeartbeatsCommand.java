package borgcell.cli.bench;

import borgcell.cli.client.ClientOptions;
import borgcell.cli.local.LocalCell;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code borg bench heartbeats}: hollow Borglets in this JVM against a real five-replica cell of processes. */
@Command(name = "heartbeats",
        mixinStandardHelpOptions = true,
        description = {
                "Heartbeats at scale: N hollow Borglets in this JVM (the real MachineLink, nothing run, every",
                "task wanted of them reported RUNNING) against a five-replica cell of processes started as",
                "borg up starts them. Once all have registered, jobs are submitted onto them. Prints a table,",
                "then one JSON line: heartbeats answered per second, round trip p50/p99, time until every",
                "task is RUNNING, machines wrongly marked DOWN, and the CPU share of the leader.",
        },
        footer = {"", "Examples:",
                "  borg bench heartbeats --machines 1000",
                "  borg bench heartbeats --machines 10000 --tasks 100000 --interval-ms 2000"})
public final class BenchHeartbeatsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--machines", defaultValue = "1000", description = "Hollow Borglets (default: ${DEFAULT-VALUE}).")
    int machines;

    @Option(names = "--tasks", description = "Tasks submitted once all are registered (default: 10 per machine).")
    Integer tasks;

    @Option(names = "--tasks-per-job", defaultValue = "1000", description = "Tasks per job (default: ${DEFAULT-VALUE}).")
    int tasksPerJob;

    @Option(names = "--interval-ms", defaultValue = "2000",
            description = "The cell's heartbeat interval, told to every Borglet (default: ${DEFAULT-VALUE}).")
    int intervalMs;

    @Option(names = "--missed-heartbeats", defaultValue = "3",
            description = "A machine silent this many intervals is marked DOWN (default: ${DEFAULT-VALUE}).")
    int missedHeartbeats;

    @Option(names = "--steady", defaultValue = "20s", converter = ClientOptions.DurationConverter.class,
            description = "Go on measuring this long once every task is RUNNING (default: ${DEFAULT-VALUE}).")
    Duration steady;

    @Option(names = "--timeout", defaultValue = "5m", converter = ClientOptions.DurationConverter.class,
            description = "Give up on the leader, or on the tasks running, after this (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--dir", defaultValue = ".borg/bench-heartbeats",
            description = "The cell's data and logs, wiped at start but for the extracted jar (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--master-heap", defaultValue = "1g",
            description = "Each replica's -Xmx (borg up gives 256m; a cell of 10,000 machines needs more; default: ${DEFAULT-VALUE})."
                    + " Replicas also get the full JIT here, where borg up gives them the quick compiler only.")
    String masterHeap;

    @Option(names = "--master-jvm-option", paramLabel = "OPTION",
            description = "One more JVM option for every replica, e.g. -Xlog:gc or a JFR recording (repeatable).")
    List<String> masterJvmOptions = new java.util.ArrayList<>();

    @Option(names = "--channels", defaultValue = "2",
            description = "Connections from the hollow Borglets to each replica (default: ${DEFAULT-VALUE}).")
    int channels;

    @Override
    public Integer call() throws Exception {
        int taskCount = tasks == null ? 10 * machines : tasks;
        if (machines < 1 || machines > 100_000 || taskCount < 1 || tasksPerJob < 1 || tasksPerJob > 100_000
                || intervalMs < 100 || missedHeartbeats < 1 || channels < 1 || channels > 64) {
            throw new ParameterException(spec.commandLine(), "--machines must be 1-100000, --tasks and --tasks-per-job >= 1"
                    + " (at most 100000 a job), --interval-ms >= 100, --missed-heartbeats >= 1, --channels 1-64");
        }
        if (taskCount > (long) machines * HeartbeatBenchmark.TASKS_PER_MACHINE) {
            throw new ParameterException(spec.commandLine(), "--tasks " + taskCount + " do not fit on " + machines
                    + " machines of " + HeartbeatBenchmark.TASKS_PER_MACHINE + " tasks each");
        }
        if (!masterHeap.matches("[0-9]+[kKmMgG]?")) {
            throw new ParameterException(spec.commandLine(), "--master-heap: a JVM heap size such as 1g or 768m");
        }
        HeartbeatBenchmark.Settings settings = new HeartbeatBenchmark.Settings(machines, taskCount, tasksPerJob,
                Duration.ofMillis(intervalMs), missedHeartbeats, steady, dir, timeout,
                java.util.stream.Stream.concat(java.util.stream.Stream.of("-Xms" + masterHeap, "-Xmx" + masterHeap, LocalCell.FULL_JIT),
                        masterJvmOptions.stream()).toList(),
                channels);
        new HeartbeatBenchmark(settings, new PrintStream(System.out, true)).run(LocalCell.Launcher.forThisJvm());
        return 0;
    }
}
