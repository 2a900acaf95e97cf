package borgcell.cli.bench.cli;

import borgcell.api.v1.GetJobRequest;
import borgcell.cli.CliException;
import borgcell.cli.ExitCodes;
import borgcell.cli.Invocation;
import borgcell.cli.bench.BorgLauncher;
import borgcell.cli.client.CellClient;
import borgcell.cli.client.MasterEndpoints;
import borgcell.cli.files.DirectoryTree;
import borgcell.cli.output.Views;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code borg bench cli}: each client command as people run it, a new process each time, timed
 * from the shell's side (JVM start, the launcher script, the call, the answer), against the cell
 * of the current directory, as {@code kubectl} or {@code nomad} would be timed. Prints a table,
 * then one JSON line: each command's p50 and slowest run, and those over the target.
 */
@Command(name = "cli", mixinStandardHelpOptions = true,
        description = "How long each client command takes from the shell (a new process each run), against the"
                + " cell `borg up` started here.",
        footer = {"", "Example:", "  ./borg up &   then   ./borg bench cli --runs 10"})
public final class CliBenchCommand implements Callable<Integer> {
    /** What a command line tool should answer in, as kubectl and nomad do. */
    static final double TARGET_MILLIS = 300;

    @Spec
    CommandSpec spec;

    @Option(names = "--runs", defaultValue = "10", description = "Runs of each command (default: ${DEFAULT-VALUE}).")
    int runs;

    @Mixin
    BorgLauncher launcher;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (runs < 1 || runs > 100) {
            throw new CliException(ExitCodes.USAGE, "--runs must be 1-100");
        }
        List<String> base = launcher.command();
        Invocation invocation = Invocation.current();
        Path here = invocation.cwd();
        MasterEndpoints endpoints = MasterEndpoints.resolve(null, Optional.empty(), here, invocation.env());
        if (endpoints.isDefault()) {
            throw new CliException(ExitCodes.USAGE, "no cell here to time the commands against: start one with"
                    + " `./borg up` and run this in the same directory");
        }
        Path scratch = Files.createTempDirectory("borg-bench-cli-");
        try (CellClient cell = new CellClient(endpoints, Duration.ofSeconds(10))) {
            String tag = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
            IntFunction<String> job = i -> "bench-cli-" + tag + "-" + i;
            CommandTimings timings = new CommandTimings();
            Runner run = new Runner(base, here, scratch);
            String mode = launcher.isScript() && agentStarted(run) ? "script+agent" : launcher.name();
            measure(timings, "--version", i -> List.of("--version"), run, 0);
            measure(timings, "--help", i -> List.of("--help"), run, 0);
            measure(timings, "cell", i -> List.of("cell"), run, 0);
            measure(timings, "machine ls", i -> List.of("machine", "ls"), run, 0);
            measure(timings, "job ls", i -> List.of("job", "ls"), run, 0);
            measure(timings, "job run", i -> List.of("job", "run", spec(scratch, job.apply(i)).toString()), run, 0);
            awaitDone(cell, job.apply(0));
            measure(timings, "job status", i -> List.of("job", "status", job.apply(0)), run, 0);
            measure(timings, "job why", i -> List.of("job", "why", job.apply(0)), run, 0);
            measure(timings, "job logs", i -> List.of("job", "logs", job.apply(0) + "/0"), run, 0);
            measure(timings, "job kill", i -> List.of("job", "kill", job.apply(i)), run, 0);
            measure(timings, "no cell running", i -> List.of("job", "ls"), run.elsewhere(), ExitCodes.FAILURE);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("client commands, %d runs each, a new process each run (%s), against the cell of %s%n", runs,
                    String.join(" ", base), here);
            out.print(timings.table());
            out.println(timings.json(runs, mode, TARGET_MILLIS));
            out.flush();
        } finally {
            DirectoryTree.deleteQuietly(scratch);
        }
        return 0;
    }

    private void measure(CommandTimings timings, String name, IntFunction<List<String>> args, Runner run, int exit)
            throws IOException, InterruptedException {
        double[] millis = new double[runs];
        for (int i = 0; i < runs; i++) {
            millis[i] = run.timed(args.apply(i), exit);
        }
        timings.add(name, millis);
    }

    /**
     * Lets the first command start the client agent and waits until it answers, so the runs time
     * what people get from the second command on. False when it is turned off or did not start.
     */
    private static boolean agentStarted(Runner run) throws IOException, InterruptedException {
        String endpoint = System.getProperty("borg.agent.endpoint");
        if (endpoint == null || "off".equals(Invocation.current().env("BORG_AGENT"))) {
            return false;
        }
        run.timed(List.of("--version"), 0);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.isRegularFile(Path.of(endpoint))) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
        run.timed(List.of("--version"), 0);
        return true;
    }

    private static Path spec(Path dir, String name) {
        Path file = dir.resolve(name + ".yaml");
        try {
            Files.writeString(file, """
                    name: %s
                    priority: 100
                    count: 1
                    task:
                      argv: ["/bin/sh", "-c", "echo timed by borg bench cli"]
                      resources: {cpu: 10m, ram: 16Mi, disk: 1Mi}
                    """.formatted(name));
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILURE, "cannot write " + file + ": " + e.getMessage());
        }
        return file;
    }

    private static void awaitDone(CellClient cell, String job) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Views.isDone(cell.jobs(CellClient.Retry.IDEMPOTENT,
                    j -> j.getJob(GetJobRequest.newBuilder().setName(job).build())))) {
                return;
            }
            Thread.sleep(200);
        }
        throw new CliException(ExitCodes.FAILURE, "job " + job + " did not finish within 60 s: is a machine up?");
    }

    /** Starts a command and times it to its exit; a command that ends otherwise than expected stops the bench. */
    private record Runner(List<String> base, Path cwd, Path scratch, boolean withoutCell) {
        Runner(List<String> base, Path cwd, Path scratch) {
            this(base, cwd, scratch, false);
        }

        /** The same, from a directory with no cell and no credentials in the environment. */
        Runner elsewhere() {
            return new Runner(base, scratch, scratch, true);
        }

        double timed(List<String> args, int exit) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(base);
            command.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true);
            if (withoutCell) {
                Map<String, String> env = builder.environment();
                List.of("BORG_HOME", "BORG_CERT", "BORG_KEY", "BORG_CA").forEach(env::remove);
            }
            long t0 = System.nanoTime();
            Process p = builder.start();
            byte[] output = p.getInputStream().readAllBytes();
            int code = p.waitFor();
            double millis = (System.nanoTime() - t0) / 1e6;
            if (code != exit) {
                throw new CliException(ExitCodes.FAILURE, "borg " + String.join(" ", args) + " exited " + code
                        + " (expected " + exit + "): " + new String(output).strip());
            }
            return millis;
        }
    }
}
