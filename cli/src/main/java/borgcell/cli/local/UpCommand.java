package borgcell.cli.local;

import borgcell.api.v1.Job;
import borgcell.api.v1.JobSpec;
import borgcell.cli.CliException;
import borgcell.cli.ExitCodes;
import borgcell.cli.client.CellFile;
import borgcell.cli.client.ClientOptions;
import borgcell.cli.files.DirectoryTree;
import borgcell.cli.local.CellLayout.BorgletSpec;
import borgcell.cli.output.Views;
import borgcell.cli.spec.JobSpecParser;
import borgcell.master.raft.PeerAddress;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code borg up}: a whole cell on loopback, five BorgMaster replicas and three Borglets, in
 * this JVM ({@link InJvmCell}) or with {@code --processes} each a process of its own
 * ({@link LocalCell}); runs the hello job, then stays in the foreground until Ctrl-C.
 */
@Command(name = "up",
        mixinStandardHelpOptions = true,
        description = {
                "Start a local cell: 5 BorgMaster replicas and 3 Borglets on loopback",
                "(Borglets m1..m3 in racks r1..r3), with data and logs under DIR. All run in",
                "this one JVM (logs in DIR/logs/cell.log); with --processes each is a process",
                "of its own (DIR/logs/r1.log ...). Waits for a leader and the machines, runs",
                "examples/hello.yaml, then stays in the foreground; Ctrl-C (or SIGTERM)",
                "stops the cell and every task it ran.",
        },
        footer = {
                "",
                "Examples:",
                "  borg up                         free ports, data in ./.borg",
                "  borg up --processes             each replica and Borglet a process (kill -9 one)",
                "  borg up --base-port 7100        gRPC 7101..7105, Raft 7111.., HTTP 7121..",
                "  borg up --dir /tmp/cell --no-hello --fresh",
                "",
                "Then, in another terminal:",
                "  borg cell;  borg machine ls;  borg job run examples/sleep.yaml",
        })
public final class UpCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = ".borg",
            description = "Data and logs of the cell (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--base-port", paramLabel = "PORT",
            description = "Fixed ports: replica i gets gRPC PORT+i, Raft PORT+10+i, HTTP PORT+20+i, DNS PORT+40+i"
                    + " (default: free ports,"
                    + " or those of the last run from DIR when still free).")
    Integer basePort;

    @Option(names = "--no-hello", description = "Do not submit examples/hello.yaml once the cell is up.")
    boolean noHello;

    @Option(names = "--fresh", description = "Delete the cell's data from earlier runs first (jobs, machines).")
    boolean fresh;

    @Option(names = "--insecure",
            description = "Plaintext links and no caller checked, instead of mutual TLS with the cell's own CA (DIR/pki).")
    boolean insecure;

    @Option(names = "--processes",
            description = "Each replica and Borglet a separate process, as in production (for fault injection, or to"
                    + " kill -9 one), instead of all in this JVM. Slower to start: eight JVMs.")
    boolean processes;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "3m",
            converter = ClientOptions.DurationConverter.class,
            description = "How long to wait for the leader, the machines and the hello job, each (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path cellDir = dir.toAbsolutePath().normalize();
        LocalCell.Options options = insecure ? LocalCell.Options.defaults().insecurely() : LocalCell.Options.defaults();
        // Only separate processes need a jar to start from; the check comes before anything is changed.
        LocalCell.Launcher launcher = processes ? new LocalCell.Launcher(javaBinary(), borgJar()) : null;
        CellLayout layout = chooseLayout(cellDir, err);

        long started = System.currentTimeMillis();
        UpCell cell = processes ? new LocalCell(layout, launcher, options) : new InJvmCell(layout, options);
        layout.toCellFile(ProcessHandle.current().pid(), started, cell.clientTls(), cell::log).write(layout.cellFile());
        java.nio.file.Files.writeString(layout.prometheusTargets(), layout.prometheusTargetsJson(!insecure));
        CountDownLatch stopped = new CountDownLatch(1);
        Thread stopper = Thread.ofPlatform().name("borg-up-stop").unstarted(() -> {
            out.println("stopping the cell ...");
            out.flush();
            UpCell.Stopped report = cell.stop();
            out.println("stopped" + stopDetails(report));
            out.flush();
            stopped.countDown();
        });
        Runtime.getRuntime().addShutdownHook(stopper);

        out.println("starting a local cell in " + cellDir + " (" + layout.replicas().size() + " BorgMaster replicas, "
                + layout.borglets().size() + " Borglets" + (processes ? ", each a process)" : ", in this JVM)"));
        for (PeerAddress r : layout.replicas()) {
            out.printf("  %-4s grpc %-17s %-24s raft %-17s dns %-17s log %s%n", r.id(), r.grpcAddress(),
                    r.httpUrl(!insecure), r.raftAddress(), layout.dnsAddress(r), relative(cell.log(r.id())));
        }
        for (BorgletSpec b : layout.borglets()) {
            out.printf("  %-4s rack=%-3s cpu %s ram %s disk %s ports %s   %-24s log %s%n", b.id(), b.rack(),
                    DaemonArgs.BORGLET_CPU, DaemonArgs.BORGLET_RAM, DaemonArgs.BORGLET_DISK, b.taskPorts(),
                    b.httpUrl(!insecure), relative(cell.log(b.id())));
        }
        out.flush();

        try {
            cell.start();
            String leader = cell.awaitLeader(timeout);
            out.println("leader " + leader + " elected " + (System.currentTimeMillis() - started) + " ms after start");
            out.flush();
            cell.awaitMachinesUp(layout.borglets().size(), timeout);
            out.println(layout.borglets().size() + " machines UP " + (System.currentTimeMillis() - started) + " ms after start");
            out.flush();
            if (!noHello) {
                runHello(cell, started, out, err);
            }
            if (cell instanceof InJvmCell inJvm) {
                inJvm.serveHttp();
                out.println("REST, web UI and metrics on the replicas' HTTP ports " + (System.currentTimeMillis() - started)
                        + " ms after start");
                out.flush();
            }
        } catch (CliException | IOException e) {
            Runtime.getRuntime().removeShutdownHook(stopper);
            cell.stop();
            throw e instanceof IOException io ? new CliException(ExitCodes.FAILURE, "cannot start the cell: " + io) : e;
        }

        cell.onUnexpectedExit(message -> {
            err.println("borg: " + message);
            err.flush();
        });
        out.println("cell is up. Try: borg cell | borg machine ls | borg job ls.   Ctrl-C stops it.");
        if (!processes) {
            UpAotCache.missing().filter(UpAotCache::makeInBackground).ifPresent(cache -> out.println(
                    "making a class cache for later runs in the background (" + cache + ")"));
        }
        out.flush();
        stopped.await();
        return ExitCodes.OK;
    }

    /** " (2 processes needed SIGKILL; killed 1 task left behind by a killed Borglet)", or "". */
    static String stopDetails(UpCell.Stopped report) {
        List<String> details = new ArrayList<>();
        if (report.neededSigkill() > 0) {
            details.add(report.neededSigkill() + " processes needed SIGKILL");
        }
        if (report.orphansKilled() > 0) {
            details.add("killed " + report.orphansKilled() + (report.orphansKilled() == 1 ? " task" : " tasks")
                    + " left behind by a killed Borglet");
        }
        return details.isEmpty() ? "" : " (" + String.join("; ", details) + ")";
    }

    private void runHello(UpCell cell, long started, PrintWriter out, PrintWriter err) {
        Optional<Path> file = helloFile();
        if (file.isEmpty()) {
            err.println("borg: examples/hello.yaml not found (looked under borg.home and here); not running it");
            err.flush();
            return;
        }
        JobSpec hello;
        try {
            hello = JobSpecParser.withEnvironmentUser().parse(file.get());
        } catch (borgcell.cli.spec.JobSpecException e) {
            err.println("borg: " + e.getMessage().replace("\n", "\nborg: "));
            err.flush();
            return;
        }
        long submitted = System.currentTimeMillis();
        Job job;
        try {
            job = cell.runToCompletion(hello, timeout);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
                err.println("borg: submitting " + file.get() + ": " + e.getStatus().getCode() + ": " + e.getStatus().getDescription());
                err.flush();
                return;
            }
            out.println("job " + hello.getName() + " exists from an earlier run (use --fresh to start empty)");
            job = cell.awaitJobDone(hello.getName(), timeout);
            out.println("job " + hello.getName() + " " + Views.outcome(job));
            out.flush();
            return;
        }
        long now = System.currentTimeMillis();
        out.println("job " + hello.getName() + " " + Views.outcome(job) + " in " + (now - submitted) + " ms, "
                + (now - started) + " ms after start");
        out.flush();
    }

    /**
     * Free ports normally; the previous run's ports when they are still free (so the
     * replicas find each other at the addresses in their Raft logs); {@code --base-port}
     * when given. When the addresses change, the old data cannot be used: it is removed.
     */
    private CellLayout chooseLayout(Path cellDir, PrintWriter err) throws IOException {
        int replicas = CellLayout.REPLICAS;
        int borglets = CellLayout.BORGLETS;
        Path cellFile = cellDir.resolve(CellFile.NAME);
        Optional<CellFile> previous = Optional.empty();
        if (Files.isRegularFile(cellFile)) {
            try {
                previous = Optional.of(CellFile.read(cellFile));
            } catch (IOException e) {
                err.println("borg: ignoring " + cellFile + ": " + e.getMessage());
            }
        }
        if (previous.isPresent() && previous.get().ownerAlive() && previous.get().pid() != ProcessHandle.current().pid()) {
            throw new CliException(ExitCodes.FAILURE, "a cell is already running from " + cellDir + " (borg up, pid "
                    + previous.get().pid() + "); stop it first, or use another --dir");
        }
        CellLayout layout;
        if (basePort != null) {
            try {
                layout = CellLayout.withBasePort(cellDir, basePort, replicas, borglets);
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCodes.USAGE, e.getMessage());
            }
            List<Integer> taken = PortAllocator.taken(layout.ports());
            if (!taken.isEmpty()) {
                throw new CliException(ExitCodes.FAILURE, "ports in use: " + taken + "; pick another --base-port");
            }
        } else {
            layout = previous.flatMap(p -> CellLayout.fromCellFile(cellDir, p, replicas, borglets))
                    .filter(l -> PortAllocator.taken(l.ports()).isEmpty())
                    .orElseGet(() -> CellLayout.withFreePorts(cellDir, replicas, borglets));
        }
        boolean sameAddresses = previous.flatMap(p -> CellLayout.fromCellFile(cellDir, p, replicas, borglets))
                .map(l -> l.peers().equals(layout.peers()))
                .orElse(false);
        if (fresh || !sameAddresses) {
            boolean hadData = deleteData(layout);
            if (hadData && !fresh) {
                err.println("borg: the cell's addresses changed since the last run; starting with empty state");
                err.flush();
            }
        }
        return layout;
    }

    /** Deletes replica data and Borglet work directories (not the logs). @return whether there was any */
    private static boolean deleteData(CellLayout layout) throws IOException {
        boolean any = false;
        List<Path> dirs = Stream.concat(layout.replicas().stream().map(layout::dataDir),
                layout.borglets().stream().map(layout::workDir)).toList();
        for (Path d : dirs) {
            if (Files.exists(d)) {
                any = true;
                DirectoryTree.delete(d);
            }
        }
        return any;
    }

    private static Optional<Path> helloFile() {
        String home = System.getProperty("borg.home");
        Stream<Path> candidates = Stream.of(
                home == null ? null : Path.of(home, "examples", "hello.yaml"),
                Path.of("examples", "hello.yaml"));
        return candidates.filter(p -> p != null && Files.isRegularFile(p)).findFirst();
    }

    static Path javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** The jar to run the cell's processes from: {@code -Dborg.jar}, else this JVM's class path when it is one jar. */
    static Path borgJar() {
        String property = System.getProperty("borg.jar");
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath();
        }
        String classPath = System.getProperty("java.class.path", "");
        if (!classPath.contains(java.io.File.pathSeparator) && classPath.endsWith(".jar") && Files.isRegularFile(Path.of(classPath))) {
            return Path.of(classPath).toAbsolutePath();
        }
        throw new CliException(ExitCodes.USAGE, "cannot tell which jar to start the cell's processes from; run through"
                + " ./borg, or java -jar cli/target/borg.jar, or set -Dborg.jar=PATH");
    }

    private static String relative(Path path) {
        Path cwd = Path.of("").toAbsolutePath();
        return path.startsWith(cwd) ? cwd.relativize(path).toString() : path.toString();
    }
}
