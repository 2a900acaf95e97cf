package borgcell.cli.bench;

import borgcell.api.v1.Resources;
import borgcell.api.v1.TaskTemplate;
import borgcell.borglet.logs.RotatingLog;
import borgcell.borglet.runtime.RunningTask;
import borgcell.borglet.runtime.TaskExit;
import borgcell.borglet.runtime.TaskLaunch;
import borgcell.borglet.runtime.TaskRuntime;
import borgcell.borglet.runtime.container.ContainerRuntime;
import borgcell.borglet.runtime.microvm.MicroVmRuntime;
import borgcell.borglet.runtime.process.ProcessRuntime;
import borgcell.borglet.vmm.Platforms;
import borgcell.cli.files.DirectoryTree;
import borgcell.cli.vm.BenchGuests;
import borgcell.sim.JsonLine;
import borgcell.sim.Percentile;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code borg bench runtimes}: start to exit of one small task in each runtime this host offers,
 * through the Borglet's own runtimes (what a task start costs a Borglet), interleaved so that a
 * noisy neighbour hurts all alike.
 */
@Command(name = "runtimes",
        mixinStandardHelpOptions = true,
        description = {
                "Start to exit of one small static program (it writes \"hello\" and exits) in each runtime this",
                "host offers: as a process, in a container (runc), in a microVM; the same binary each time,",
                "through the Borglet's runtimes, runs interleaved. Prints a table, then one JSON line: p50/p99",
                "per runtime and each one's p50 over the process's.",
        },
        footer = {"", "Examples:", "  borg bench runtimes", "  borg bench runtimes --runs 200"})
public final class BenchRuntimesCommand implements Callable<Integer> {
    private static final int MAX_RUNS = 10_000;
    private static final long RAM = 64L << 20;

    @Spec
    CommandSpec spec;

    @Option(names = "--runs", defaultValue = "50", description = "Measured runs per runtime (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--warmup", defaultValue = "5", description = "Unmeasured runs per runtime first (default: ${DEFAULT-VALUE}).")
    int warmup;

    private record Measured(String name, TaskRuntime runtime, double[] ms) {}

    @Override
    public Integer call() throws Exception {
        if (runs < 1 || runs > MAX_RUNS || warmup < 0 || warmup > MAX_RUNS) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--runs must be 1-" + MAX_RUNS + " (got " + runs + "), --warmup 0-" + MAX_RUNS + " (got " + warmup + ")");
        }
        Path scratch = Files.createTempDirectory("borg-bench-runtimes-");
        try {
            Path hello = Files.write(scratch.resolve("hello"), BenchGuests.hello());
            Files.setPosixFilePermissions(hello, PosixFilePermissions.fromString("rwxr-xr-x"));
            Map<String, String> notOffered = new LinkedHashMap<>();
            List<Measured> offered = new ArrayList<>();
            ContainerRuntime container = new ContainerRuntime();
            for (TaskRuntime runtime : List.of(new ProcessRuntime(), container,
                    new MicroVmRuntime(RotatingLog.DEFAULT_CAP_BYTES, Platforms.host().orElse(null)))) {
                if (runtime.selfTest()) {
                    offered.add(new Measured(runtime.name(), runtime, new double[runs]));
                } else {
                    notOffered.put(runtime.name(), runtime == container
                            ? container.unavailable().orElse("its self-test failed") : "its self-test failed");
                }
            }
            spec.commandLine().getErr().printf("start to exit of a static hello, %d runs each (after %d unmeasured): %s%n",
                    runs, warmup, offered.stream().map(Measured::name).toList());
            spec.commandLine().getErr().flush();
            int attempt = 0;
            for (int i = -warmup; i < runs; i++) {
                for (Measured m : offered) {
                    double ms = startToExit(m.runtime(), scratch, hello, ++attempt);
                    if (i >= 0) {
                        m.ms()[i] = ms;
                    }
                }
            }
            print(offered, notOffered);
        } finally {
            DirectoryTree.delete(scratch);
        }
        return 0;
    }

    /** One run, from the runtime's start to its exit, in ms; it must print hello and exit 0. */
    private static double startToExit(TaskRuntime runtime, Path scratch, Path hello, int attempt) throws Exception {
        Path taskDir = scratch.resolve("tasks").resolve("hello." + attempt);
        String program = hello.toString();
        if (runtime.name().equals(ContainerRuntime.NAME)) {
            // A container sees no host file but its sandbox: the binary goes there.
            Files.createDirectories(taskDir.resolve("sandbox"));
            Files.copy(hello, taskDir.resolve("sandbox/hello"));
            program = "/sandbox/hello";
        }
        TaskTemplate template = TaskTemplate.newBuilder().addArgv(program).setRuntime(runtime.name())
                .setResources(Resources.newBuilder().setCpuMillis(100).setRamBytes(RAM)).build();
        TaskLaunch launch = new TaskLaunch("hello", 0, attempt, template, taskDir, "bench");
        long started = System.nanoTime();
        RunningTask task = runtime.start(launch);
        TaskExit exit = task.onExit().get(60, TimeUnit.SECONDS);
        double ms = (System.nanoTime() - started) / 1e6;
        if (!exit.equals(new TaskExit.Exited(0)) || !Files.readString(launch.stdoutFile()).equals("hello\n")) {
            throw new IllegalStateException(runtime.name() + ": hello ended " + exit + ", stderr: "
                    + Files.readString(launch.stderrFile()).strip());
        }
        DirectoryTree.delete(taskDir);
        return ms;
    }

    private void print(List<Measured> offered, Map<String, String> notOffered) {
        PrintWriter out = spec.commandLine().getOut();
        double processP50 = offered.stream().filter(m -> m.name().equals(ProcessRuntime.NAME))
                .mapToDouble(m -> Percentile.of(m.ms(), 0.5)).findFirst().orElse(Double.NaN);
        out.printf("%-10s %8s %8s %10s%n", "RUNTIME", "P50 MS", "P99 MS", "P50/PROC");
        JsonLine json = new JsonLine().put("bench", "runtimes").put("runs", runs).put("warmup", warmup)
                .put("cores", Runtime.getRuntime().availableProcessors());
        for (Measured m : offered) {
            double p50 = Percentile.of(m.ms(), 0.5);
            double p99 = Percentile.of(m.ms(), 0.99);
            out.printf(Locale.ROOT, "%-10s %8.2f %8.2f %10.2f%n", m.name(), p50, p99, p50 / processP50);
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("p50_ms", JsonLine.round(p50, 3));
            figures.put("p99_ms", JsonLine.round(p99, 3));
            figures.put("p50_over_process", JsonLine.round(p50 / processP50, 3));
            json.put(m.name(), figures);
        }
        notOffered.forEach((name, why) -> {
            out.printf("%-10s not offered here: %s%n", name, why);
            json.put(name, null).put(name + "_not_offered", why);
        });
        out.println(json);
        out.flush();
    }
}
