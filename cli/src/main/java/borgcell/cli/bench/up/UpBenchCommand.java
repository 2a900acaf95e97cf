package borgcell.cli.bench.up;

import borgcell.cli.CliException;
import borgcell.cli.ExitCodes;
import borgcell.cli.bench.BorgLauncher;
import borgcell.cli.bench.write.LoadAverage;
import borgcell.cli.client.ClientOptions;
import borgcell.cli.files.DirectoryTree;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code borg bench up}: how long {@code borg up} takes from the command's start to the hello
 * job's success, timed from outside as people start it. The first run is in a fresh directory
 * (no certificates, nothing extracted or cached: all a first run pays); the later ones in the
 * same directory with {@code --fresh}, so that the hello job is scheduled and run again each
 * time rather than read back from the last run. With {@code --both} the two modes alternate
 * run by run, so that a shared machine's load falls on both alike. The one JVM's first run
 * starts the class cache of later runs in the background ({@code UpAotCache}); the bench
 * deletes it before, and waits for it after that run.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "How long `borg up` takes to the hello job's success: a first run in a fresh directory, then"
                + " later runs in the same one (with --fresh). Prints a table, then one JSON line.",
        footer = {"", "Examples:", "  borg bench up --runs 5", "  borg bench up --runs 5 --both"})
public final class UpBenchCommand implements Callable<Integer> {
    /** The targets on a 2-core machine: a first run, and the runs after it. */
    static final double FIRST_TARGET_MS = 15_000;
    static final double LATER_TARGET_MS = 8_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--runs", defaultValue = "5", description = "Runs of each mode, the first one included (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--processes", description = "Time `borg up --processes` (every daemon a process) instead of the one JVM.")
    boolean processes;

    @Option(names = "--both", description = "Time both modes, alternating run by run.")
    boolean both;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = ".borg/bench-up",
            description = "Where the cells live, a directory per mode, deleted at the start (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Mixin
    BorgLauncher launcher;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "4m", converter = ClientOptions.DurationConverter.class,
            description = "How long one run may take to the cell being up (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (runs < 1 || runs > 50) {
            throw new CliException(ExitCodes.USAGE, "--runs must be 1-50");
        }
        List<String> base = launcher.command();
        List<String> modes = both ? List.of("jvm", "processes") : List.of(processes ? "processes" : "jvm");
        Path root = dir.toAbsolutePath().normalize();
        PrintWriter out = spec.commandLine().getOut();
        double loadBefore = LoadAverage.now();
        Map<String, List<UpRun>> byMode = new LinkedHashMap<>();
        for (String mode : modes) {
            DirectoryTree.delete(root.resolve(mode));
            byMode.put(mode, new ArrayList<>());
        }
        // A first run is one without the one-JVM class cache too (the launcher names it).
        Optional<Path> classCache = Optional.ofNullable(System.getProperty("borg.up.aot")).map(Path::of)
                .filter(p -> launcher.isScript() && modes.contains("jvm"));
        if (classCache.isPresent()) {
            Files.deleteIfExists(classCache.get());
            Files.deleteIfExists(classCache.get().resolveSibling(classCache.get().getFileName() + ".training"));
        }
        double cacheReadyMs = Double.NaN;
        for (int run = 0; run < runs; run++) {
            for (String mode : modes) {
                Path cellDir = root.resolve(mode);
                List<String> command = new ArrayList<>(base);
                command.addAll(List.of("up", "--dir", cellDir.toString()));
                if (mode.equals("processes")) {
                    command.add("--processes");
                }
                if (run > 0) {
                    command.add("--fresh");
                }
                UpRun timed = UpRun.time(command, root, root.resolve(mode + "-run" + (run + 1) + ".out"), timeout);
                byMode.get(mode).add(timed);
                if (run == 0 && mode.equals("jvm") && classCache.isPresent()) {
                    // What the first run started in the background: later runs are timed with it.
                    cacheReadyMs = awaitFile(classCache.get(), timeout.multipliedBy(2));
                    out.printf(Locale.ROOT, "  the class cache for later runs was made %s ms after the first run stopped%n",
                            UpRun.number(cacheReadyMs));
                }
                out.printf(Locale.ROOT, "  %-9s run %d (%s): hello SUCCEEDED %6.0f ms, leader %6.0f ms, machines %6.0f ms,"
                        + " cell up %6.0f ms, stop %5.0f ms%n", mode, run + 1, run == 0 ? "first" : "later",
                        timed.helloMs(), timed.leaderMs(), timed.machinesMs(), timed.upMs(), timed.stopMs());
                out.flush();
            }
        }
        double loadAfter = LoadAverage.now();
        out.printf(Locale.ROOT, "borg up to the hello job's success (%s; load average %.1f before, %.1f after):%n",
                String.join(" ", base), loadBefore, loadAfter);
        StringJoiner json = new StringJoiner(",");
        byMode.forEach((mode, timed) -> {
            double first = timed.getFirst().helloMs();
            double[] later = timed.stream().skip(1).mapToDouble(UpRun::helloMs).toArray();
            out.printf(Locale.ROOT, "  %-9s first %6.0f ms (target %.0f)   later p50 %s ms, max %s ms (target %.0f)%n", mode,
                    first, FIRST_TARGET_MS, UpRun.number(percentile(later, 50)), UpRun.number(percentile(later, 100)),
                    LATER_TARGET_MS);
            StringJoiner laterRuns = new StringJoiner(",");
            timed.stream().skip(1).forEach(r -> laterRuns.add(r.json()));
            json.add("\"" + mode + "\":{\"first\":" + timed.getFirst().json() + ",\"later\":[" + laterRuns
                    + "],\"first_hello_ms\":" + UpRun.number(first) + ",\"later_hello_p50_ms\":"
                    + UpRun.number(percentile(later, 50)) + ",\"later_hello_max_ms\":" + UpRun.number(percentile(later, 100))
                    + "}");
        });
        out.println(String.format(Locale.ROOT, "{\"benchmark\":\"up\",\"runs\":%d,\"launcher\":\"%s\",\"cores\":%d,"
                + "\"load_before\":%.2f,\"load_after\":%.2f,\"target_first_ms\":%.0f,\"target_later_ms\":%.0f,"
                + "\"class_cache_made_ms\":%s,\"modes\":{%s}}",
                runs, launcher.name(), Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter, FIRST_TARGET_MS,
                LATER_TARGET_MS, UpRun.number(cacheReadyMs), json));
        out.flush();
        return 0;
    }

    /** @return milliseconds until {@code file} exists, or NaN when it did not within {@code patience} */
    private static double awaitFile(Path file, Duration patience) throws InterruptedException {
        long t0 = System.nanoTime();
        while (!Files.exists(file)) {
            if (System.nanoTime() - t0 > patience.toNanos()) {
                return Double.NaN;
            }
            Thread.sleep(250);
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    /** The p-th percentile; NaN when there are no figures (a single run has no later ones). */
    private static double percentile(double[] millis, int p) {
        return millis.length == 0 ? Double.NaN : borgcell.cli.bench.cli.CommandTimings.percentile(millis, p);
    }
}
