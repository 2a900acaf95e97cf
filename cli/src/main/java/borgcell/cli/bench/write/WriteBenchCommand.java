package borgcell.cli.bench.write;

import borgcell.cell.JobSpecContract;
import borgcell.cli.CliException;
import borgcell.cli.ExitCodes;
import borgcell.cli.client.ClientOptions;
import borgcell.cli.files.DirectoryTree;
import borgcell.cli.local.LocalCell;
import io.grpc.StatusRuntimeException;
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
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code borg bench write}: the cell's write path against etcd's, in one run, on this machine.
 * Both are five members as separate processes, written through a follower by the same closed
 * loop of clients with the same bytes, each write acknowledged once committed, with each
 * store's default durability (fsync on).
 */
@Command(name = "write",
        mixinStandardHelpOptions = true,
        description = {
                "Measure the cell's write path against etcd's, in one run: five BorgMaster",
                "replicas as separate processes (as borg up starts them, no Borglets) and, when",
                "etcd is installed, five etcd members, each store with its default durability",
                "(fsync on). For each client concurrency, N clients write one at a time through",
                "a follower, for a warm-up and then for the measured seconds, one side at a time:",
                "the cell a SubmitJob of a job spec of about 1 KiB (the jobs stay pending), etcd",
                "a Put of the same bytes under a fresh key. Prints a summary and a table (p50,",
                "p99, writes/s, tasks/s, errors, cell/etcd ratios), then one JSON line last",
                "(stdout); progress goes to stderr.",
        },
        footer = {
                "",
                "Examples:",
                "  borg bench write                               1 and 64 clients, 10 s each",
                "  borg bench write --clients 1,64 --seconds 20   as in docs/BENCHMARKS.md",
                "  borg bench write --clients 16 --tasks-per-job 100 --no-etcd",
                "",
                "Without etcd on the PATH (Debian: apt-get install etcd-server) only the cell is",
                "measured and the JSON line says \"etcd\":null and why.",
        })
public final class WriteBenchCommand implements Callable<Integer> {
    static final int MAX_CLIENTS = 512;
    static final int MAX_ROUNDS = 16;
    static final int MAX_SECONDS = 3600;
    static final int MAX_WARMUP_SECONDS = 600;
    /** Enough writers that the warm-up also runs group commit's path (several commands an entry). */
    static final int JIT_WARMUP_CLIENTS = 4;
    static final int MAX_TASKS_PER_JOB = JobSpecContract.MAX_TASKS;

    @Spec
    CommandSpec spec;

    @Option(names = "--clients", split = ",", defaultValue = "1,64", paramLabel = "N",
            description = "Concurrent clients; a list runs one round per entry, in order (default: ${DEFAULT-VALUE}).")
    List<Integer> clients;

    @Option(names = "--seconds", defaultValue = "10", paramLabel = "T",
            description = "Measured seconds of each round, per side (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--warmup-seconds", defaultValue = "3", paramLabel = "W",
            description = "Unmeasured seconds before each round's measurement, per side (default: ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Option(names = "--jit-warmup-seconds", defaultValue = "60", paramLabel = "J",
            description = "Unmeasured seconds of writes (" + JIT_WARMUP_CLIENTS + " clients) through the cell before its first"
                    + " round, so that its replicas, which run the optimizing JIT as a long-running master does, have"
                    + " compiled the write path; it takes about a minute on two cores (default: ${DEFAULT-VALUE}).")
    int jitWarmupSeconds;

    @Option(names = "--master-jvm-option", paramLabel = "OPTION",
            description = "One more JVM option for every replica, e.g. a JFR recording or -XX:TieredStopAtLevel=4 (repeatable).")
    List<String> masterJvmOptions = new java.util.ArrayList<>();

    @Option(names = "--tasks-per-job", defaultValue = "1", paramLabel = "K",
            description = "Tasks of each submitted job; a job is one write whatever its size, so tasks/s = K x writes/s"
                    + " (default: ${DEFAULT-VALUE}).")
    int tasksPerJob;

    @Option(names = "--no-etcd", description = "Measure the cell only, even where etcd is installed.")
    boolean noEtcd;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Where the replicas' and members' data and logs go (default: a new temporary directory,"
                    + " removed afterwards unless the run failed).")
    Path dir;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "3m", converter = ClientOptions.DurationConverter.class,
            description = "How long to wait for each side to elect a leader (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--quiet", description = "No progress lines on stderr.")
    boolean quiet;

    private final long started = System.nanoTime();

    @Override
    public Integer call() throws IOException, InterruptedException {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        Path home = dir != null ? Files.createDirectories(dir.toAbsolutePath()) : Files.createTempDirectory("borg-bench-write-");
        BenchJobSpec jobSpec = new BenchJobSpec(tasksPerJob);
        Optional<EtcdBinary> etcd = noEtcd ? Optional.empty() : EtcdBinary.onPath();
        String etcdSkipped = noEtcd ? "--no-etcd was given" : etcd.isEmpty() ? EtcdBinary.MISSING : null;
        double load = LoadAverage.now();
        WriteBenchReport report;
        progress("starting the cell: " + CellSide.REPLICAS + " BorgMaster replicas in " + home.resolve("cell"));
        List<String> replicaJvm = new ArrayList<>(List.of(LocalCell.FULL_JIT));
        replicaJvm.addAll(masterJvmOptions);
        try (CellSide cell = CellSide.start(home.resolve("cell"), jobSpec, timeout, replicaJvm);
             EtcdSide etcdSide = etcd.isPresent() ? startEtcd(etcd.get(), home.resolve("etcd"), jobSpec) : null) {
            progress(ready(cell));
            if (etcdSide != null) {
                progress(ready(etcdSide));
            }
            warmUpTheJit(cell);
            List<RoundFigures> rounds = new ArrayList<>();
            for (int i = 0; i < clients.size(); i++) {
                int round = i + 1;
                int n = clients.get(i);
                SideFigures cellFigures = measure(cell, round, n, tasksPerJob);
                SideFigures etcdFigures = etcdSide == null ? null : measure(etcdSide, round, n, 0);
                rounds.add(new RoundFigures(n, cellFigures, etcdFigures));
            }
            report = new WriteBenchReport(new WriteBenchReport.Setup(jobSpec.bytes(), tasksPerJob, jitWarmupSeconds,
                    warmupSeconds, seconds, Runtime.getRuntime().availableProcessors(), load, etcd.orElse(null), etcdSkipped),
                    rounds);
        }
        out.print(report.summary());
        out.println();
        out.print(report.table());
        report.notes().forEach(out::println);
        out.println(report.json());
        out.flush();
        if (dir == null) {
            DirectoryTree.deleteQuietly(home);
        }
        return ExitCodes.OK;
    }

    private void validate() {
        if (clients.isEmpty() || clients.size() > MAX_ROUNDS) {
            throw usage("--clients: give 1 to " + MAX_ROUNDS + " concurrencies (got " + clients.size() + ")");
        }
        for (int n : clients) {
            if (n < 1 || n > MAX_CLIENTS) {
                throw usage("--clients: each must be between 1 and " + MAX_CLIENTS + " (got " + n + ")");
            }
        }
        if (seconds < 1 || seconds > MAX_SECONDS) {
            throw usage("--seconds: must be between 1 and " + MAX_SECONDS + " (got " + seconds + ")");
        }
        if (warmupSeconds < 0 || warmupSeconds > MAX_WARMUP_SECONDS) {
            throw usage("--warmup-seconds: must be between 0 and " + MAX_WARMUP_SECONDS + " (got " + warmupSeconds + ")");
        }
        if (jitWarmupSeconds < 0 || jitWarmupSeconds > MAX_WARMUP_SECONDS) {
            throw usage("--jit-warmup-seconds: must be between 0 and " + MAX_WARMUP_SECONDS + " (got " + jitWarmupSeconds + ")");
        }
        if (tasksPerJob < 1 || tasksPerJob > MAX_TASKS_PER_JOB) {
            throw usage("--tasks-per-job: must be between 1 and " + MAX_TASKS_PER_JOB + " (got " + tasksPerJob + ")");
        }
    }

    private static CliException usage(String message) {
        return new CliException(ExitCodes.USAGE, message);
    }

    private EtcdSide startEtcd(EtcdBinary etcd, Path dir, BenchJobSpec jobSpec) throws IOException {
        progress("starting etcd " + etcd.version() + ": " + EtcdSide.MEMBERS + " members in " + dir);
        return EtcdSide.start(etcd, dir, jobSpec, timeout);
    }

    /**
     * Writes through the cell, unmeasured, until its replicas' JIT has compiled the write path
     * (etcd is compiled ahead of time and needs none). Errors here only delay the warm-up.
     */
    private void warmUpTheJit(CellSide cell) throws InterruptedException {
        if (jitWarmupSeconds == 0) {
            return;
        }
        cell.chooseFollower();
        progress(String.format("warming up the cell's JIT: %d clients through %s for %d s", JIT_WARMUP_CLIENTS,
                cell.follower(), jitWarmupSeconds));
        ClosedLoop.run(JIT_WARMUP_CLIENTS, Duration.ZERO, Duration.ofSeconds(jitWarmupSeconds),
                (client, sequence) -> cell.write(BenchJobSpec.name(0, client, sequence)), () -> { });
    }

    /**
     * One side at one concurrency: a follower chosen (again, if the last one leads now), the
     * closed loop, and the leadership as the window opens and closes.
     */
    private SideFigures measure(WriteSide side, int round, int n, int tasksPerWrite) throws InterruptedException {
        side.chooseFollower();
        progress(String.format("round %d: %s, %d client%s through %s, %d s warm-up + %d s", round, side.name(), n,
                n == 1 ? "" : "s", side.follower(), warmupSeconds, seconds));
        AtomicReference<WriteSide.Leadership> atStart = new AtomicReference<>();
        AtomicReference<MemberCpu> cpuAtStart = new AtomicReference<>();
        Map<String, Long> pids = side.memberPids();
        ClosedLoop.Sample sample = ClosedLoop.run(n, Duration.ofSeconds(warmupSeconds), Duration.ofSeconds(seconds),
                (client, sequence) -> side.write(BenchJobSpec.name(round, client, sequence)),
                () -> {
                    cpuAtStart.set(MemberCpu.now(pids));
                    atStart.set(leadershipOrNull(side));
                });
        Map<String, Duration> cpuUsed = MemberCpu.now(pids).since(cpuAtStart.get());
        SideFigures figures = SideFigures.of(sample, tasksPerWrite, side.follower(), atStart.get(), leadershipOrNull(side),
                cpuUsed);
        progress(String.format("  %d writes, %.0f/s, p50 %.2f ms, p99 %.2f ms, %d errors, %.2f CPU-ms a write on %.2f busy cores%s",
                figures.writes(), figures.writesPerSec(), figures.p50Ms(), figures.p99Ms(), figures.errors(),
                figures.cpu().allMsPerWrite(), figures.cpu().coresBusy(),
                figures.viaFollower() ? "" : "; not all through the follower (an election, or it led)"));
        return figures;
    }

    private static String ready(WriteSide side) {
        WriteSide.Leadership now = leadershipOrNull(side);
        return side.name() + ": up, follower " + side.follower() + " at " + side.address()
                + (now == null ? "" : ", leader " + now.leader() + " in term " + now.term());
    }

    private static WriteSide.Leadership leadershipOrNull(WriteSide side) {
        try {
            return side.leadership();
        } catch (StatusRuntimeException e) {
            return null;
        }
    }

    private void progress(String line) {
        if (!quiet) {
            PrintWriter err = spec.commandLine().getErr();
            err.printf("[%5.1f s] %s%n", (System.nanoTime() - started) / 1e9, line);
            err.flush();
        }
    }
}
