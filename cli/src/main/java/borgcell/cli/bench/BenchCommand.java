package borgcell.cli.bench;

import borgcell.cli.bench.write.WriteBenchCommand;
import borgcell.cli.files.DirectoryTree;
import borgcell.master.bench.SubmitBenchmark;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code borg bench}: benchmarks that print a table, then one JSON line of figures. */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        description = "Run a benchmark; each prints a human summary, then one JSON line of figures last.",
        subcommands = {BenchCommand.Submit.class, WriteBenchCommand.class, BenchHeartbeatsCommand.class,
                BenchRuntimesCommand.class, borgcell.cli.bench.cli.CliBenchCommand.class,
                borgcell.cli.bench.up.UpBenchCommand.class},
        footer = {"", "Examples:", "  borg bench submit --replicas 5 --jobs 300", "  borg bench write --clients 1,64 --seconds 20",
                "  borg bench heartbeats --machines 1000", "  borg bench runtimes", "  borg bench cli --runs 10",
                "  borg bench up --runs 5 --both"})
public final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** SubmitJob latency through a real Raft group started in this process. */
    @Command(name = "submit",
            mixinStandardHelpOptions = true,
            description = "SubmitJob latency through a real Raft group on loopback (replicas in this JVM,"
                    + " one client writing through a follower).",
            footer = {"", "Example:", "  borg bench submit --replicas 5 --jobs 300 --warmup 50"})
    public static final class Submit implements Callable<Integer> {
        @Option(names = "--replicas", defaultValue = "5", description = "Raft group size (default: ${DEFAULT-VALUE}).")
        int replicas;

        @Option(names = "--jobs", defaultValue = "300", description = "Measured submissions (default: ${DEFAULT-VALUE}).")
        int jobs;

        @Option(names = "--warmup", defaultValue = "50", description = "Unmeasured submissions first (default: ${DEFAULT-VALUE}).")
        int warmup;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException, IOException {
            if (replicas < 1 || replicas > 9 || jobs < 1 || jobs > 1_000_000 || warmup < 0) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--replicas must be 1-9, --jobs 1-1000000, --warmup >= 0");
            }
            Path dir = Files.createTempDirectory("borg-bench-");
            try {
                SubmitBenchmark.run(replicas, jobs, warmup, dir, new PrintStream(System.out, true));
            } finally {
                DirectoryTree.delete(dir);
            }
            return 0;
        }
    }
}
