package borgcell.cli.local;

import borgcell.api.v1.CellInfo;
import borgcell.api.v1.GetCellRequest;
import borgcell.api.v1.GetJobRequest;
import borgcell.api.v1.Job;
import borgcell.api.v1.JobSpec;
import borgcell.api.v1.ListMachinesRequest;
import borgcell.api.v1.MachineState;
import borgcell.api.v1.SubmitJobRequest;
import borgcell.borglet.runtime.TaskRuntime;
import borgcell.borglet.runtime.container.ContainerRuntime;
import borgcell.borglet.runtime.process.ProcessRuntime;
import borgcell.cli.CliException;
import borgcell.cli.ExitCodes;
import borgcell.cli.client.CellClient;
import borgcell.cli.client.MasterAddress;
import borgcell.cli.client.MasterEndpoints;
import borgcell.cli.local.CellLayout.BorgletSpec;
import borgcell.cli.output.Views;
import borgcell.master.raft.PeerAddress;
import borgcell.trust.MutualTls;
import borgcell.trust.TlsFiles;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A cell on this machine's loopback, each component its own process running this same
 * jar: five BorgMaster replicas and three Borglets, as {@code borg up} starts them.
 */
public final class LocalCell implements UpCell {

    static final String HEARTBEAT = "1s";
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    /**
     * How to start a {@code borg} process: this JVM's java binary and the borg jar (at start(),
     * the jar extracted for the cell: see {@link ExtractedJar}), and an ahead-of-time class
     * cache when one was made for it ({@link AotCache}; null otherwise).
     */
    /**
     * What a benchmark adds to a replica's JVM options: {@code borg up}'s processes use the quick
     * compiler only, to start sooner on a small machine, while a benchmark of the write or
     * heartbeat path wants the optimizing one, as a long-running production master runs (its
     * steady state costs half the CPU per write). A later flag wins.
     */
    public static final String FULL_JIT = "-XX:TieredStopAtLevel=4";

    public record Launcher(Path javaBinary, Path jar, Path aotCache) {
        public Launcher(Path javaBinary, Path jar) {
            this(javaBinary, jar, null);
        }

        /** This JVM's java binary and the jar {@code borg up} would start its processes from. */
        public static Launcher forThisJvm() {
            return new Launcher(UpCommand.javaBinary(), UpCommand.borgJar());
        }

        Launcher withAotCache(Path cache) {
            return new Launcher(javaBinary, jar, cache);
        }

        List<String> command(String... borgArgs) {
            return command(List.of(), borgArgs);
        }

        /** With JVM options after the defaults (a later {@code -Xmx} wins), such as a benchmark's bigger heap. */
        List<String> command(List<String> extraJvm, String... borgArgs) {
            List<String> jvm = new ArrayList<>();
            if (aotCache != null) {
                jvm.add("-XX:AOTCache=" + aotCache);
            }
            jvm.addAll(extraJvm);
            List<String> command = new ArrayList<>(jvm(jvm.toArray(String[]::new)));
            command.addAll(List.of(borgArgs));
            return command;
        }

        /**
         * The java command up to and including {@code -jar JAR}, with {@code extra} JVM options.
         *
         * <p>The heap is committed and touched at start, in huge pages where the kernel offers them
         * ({@code madvise}): on a virtual machine a first touch of a page can cost a hundred times a
         * later one, and a young collection that promotes into untouched memory here took 45-130 ms
         * instead of 2-6 ms (a replica's pause is an election). With huge pages the touching costs
         * about 0.1 s; full restarts of the fault campaign went from 14-18 s to 9.6-11.7 s.
         * Class metadata starts with room for what a replica loads (21 MB, beside the AOT cache's
         * classes): at the default threshold, just below it, every start paid a full collection
         * (88 ms alone, up to 1.1 s with five replicas starting at once), sometimes three.
         */
        List<String> jvm(String... extra) {
            List<String> command = new ArrayList<>(List.of(javaBinary.toString(),
                    "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch", "-XX:+UseTransparentHugePages", "-XX:MetaspaceSize=64m",
                    "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
            command.addAll(List.of(extra));
            command.addAll(List.of("-jar", jar.toString()));
            return command;
        }
    }

    /**
     * How the replicas run: the heartbeat interval they tell Borglets, after how many missed
     * heartbeats a machine is DOWN, and JVM options added to theirs.
     */
    public record Options(Duration heartbeatInterval, int missedHeartbeats, List<String> masterJvmOptions,
                          boolean insecure) {
        public Options {
            masterJvmOptions = List.copyOf(masterJvmOptions);
        }

        /**
         * What {@code borg up} runs: 1 s heartbeats (three small Borglets cost nothing), DOWN after 3
         * missed, mutual TLS on every link.
         */
        public static Options defaults() {
            return new Options(Duration.ofSeconds(1), 3, List.of(), false);
        }

        /**
         * Plaintext, and no caller known or checked: for a benchmark whose peer (etcd) or whose
         * thousands of hollow machines on shared channels run without certificates.
         */
        public Options insecurely() {
            return new Options(heartbeatInterval, missedHeartbeats, masterJvmOptions, true);
        }

        /** "1s" for whole seconds, else "1500ms": what {@code --heartbeat-interval} takes. */
        String heartbeatFlag() {
            long millis = heartbeatInterval.toMillis();
            return millis % 1000 == 0 ? (millis / 1000) + "s" : millis + "ms";
        }
    }

    private final CellLayout layout;
    private final Options options;
    private Launcher launcher; // becomes the extracted jar's at start()
    private final ChildProcesses processes = new ChildProcesses();
    private final DaemonArgs daemonArgs;
    private final CellWaits waits;

    public LocalCell(CellLayout layout, Launcher launcher) {
        this(layout, launcher, Options.defaults());
    }

    public LocalCell(CellLayout layout, Launcher launcher, Options options) {
        this.layout = layout;
        this.options = options;
        this.launcher = launcher;
        this.daemonArgs = new DaemonArgs(layout, options);
        this.waits = CellWaits.of(layout, clientTls(), () -> processes.firstExited().ifPresent(this::died));
    }

    /**
     * The admin certificate the cell's own clients (this one, the {@code borg} command, a fault
     * campaign) call it with; made at {@link #start}. Empty for an insecure cell.
     */
    @Override
    public Optional<TlsFiles> clientTls() {
        return CellPki.clientTls(layout, options.insecure());
    }

    /** What a client of this cell dials it with: {@link #clientTls()}'s, or plaintext. */
    public ChannelCredentials clientCredentials() {
        return clientTls().map(MutualTls::clientOnce).orElseGet(InsecureChannelCredentials::create);
    }

    /**
     * An HTTP client of this cell's replicas (REST, Actuator): with {@link #clientTls()}'s
     * certificate for their HTTPS, or plain for an insecure cell.
     */
    public HttpClient httpClient() {
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        clientTls().ifPresent(files -> http.sslContext(MutualTls.httpsOnce(files)));
        return http.build();
    }

    @Override
    public CellLayout layout() {
        return layout;
    }

    /** Each process's stdout and stderr: {@code DIR/logs/ID.log}. */
    @Override
    public Path log(String daemonId) {
        return layout.log(daemonId);
    }

    /** The command line of replica {@code replica}; separate so it can be read and tested. */
    List<String> masterCommand(PeerAddress replica, long parentPid) {
        return launcher.command(options.masterJvmOptions(),
                daemonArgs.master(replica, OptionalLong.of(parentPid)).toArray(String[]::new));
    }

    List<String> borgletCommand(BorgletSpec borglet, long parentPid) {
        return launcher.command(daemonArgs.borglet(borglet, OptionalLong.of(parentPid)).toArray(String[]::new));
    }

    /** Starts the replicas, then the Borglets (which retry until a master answers). */
    @Override
    public void start() throws IOException {
        if (!options.insecure()) {
            CellPki.prepare(layout);
        }
        // Eight JVMs start at once on a small machine: from an extracted jar each starts in about
        // 2.5 s instead of 3.6 s (measured alone), with the AOT class cache in 1.2 s, and spends
        // less of the CPU the others need. Only the extracted jar gets a cache.
        Launcher original = launcher;
        launcher = ExtractedJar.prepare(launcher, layout.dir());
        if (!launcher.jar().equals(original.jar())) {
            launcher = AotCache.prepare(launcher, launcher.jar().getParent());
        }
        long self = ProcessHandle.current().pid();
        for (PeerAddress replica : layout.replicas()) {
            processes.start(replica.id(), masterCommand(replica, self), layout.log(replica.id()));
        }
        for (BorgletSpec borglet : layout.borglets()) {
            processes.start(borglet.id(), borgletCommand(borglet, self), layout.log(borglet.id()));
        }
    }

    @Override
    public CellWaits waits() {
        return waits;
    }

    private void died(ChildProcesses.Child child) {
        StringBuilder message = new StringBuilder(child.id() + " exited with code " + child.process().exitValue()
                + " before the cell was up; the end of " + child.log() + ":");
        ChildProcesses.tail(child.log(), 20).forEach(line -> message.append("\n    ").append(line));
        throw new CliException(ExitCodes.FAILURE, message.toString());
    }

    /** Calls {@code listener} with each process that exits while the cell is meant to run. */
    @Override
    public void onUnexpectedExit(Consumer<String> listener) {
        for (ChildProcesses.Child child : processes.all()) {
            child.process().onExit().thenAccept(p -> {
                if (!processes.stopping()) {
                    listener.accept(child.id() + " exited with code " + p.exitValue() + "; see " + child.log());
                }
            });
        }
    }

    /**
     * Starts one process of the cell again, with the command line it was first started with
     * (same ports, same data or work directory): a fault campaign's restart after a kill.
     */
    public void restart(String id) throws IOException {
        long self = ProcessHandle.current().pid();
        for (PeerAddress replica : layout.replicas()) {
            if (replica.id().equals(id)) {
                processes.start(id, masterCommand(replica, self), layout.log(id));
                return;
            }
        }
        for (BorgletSpec borglet : layout.borglets()) {
            if (borglet.id().equals(id)) {
                processes.start(id, borgletCommand(borglet, self), layout.log(id));
                return;
            }
        }
        throw new IllegalArgumentException("no process " + id + " in this cell");
    }

    /** Whether the process last started under {@code id} is alive. */
    public boolean isRunning(String id) {
        return processes.latest(id).map(c -> c.process().isAlive()).orElse(false);
    }

    /**
     * SIGKILL to the process (not its descendants: a killed Borglet's tasks live on as orphans,
     * as they would on a real machine), and waits until it is gone.
     */
    public void kill(String id) {
        processes.latest(id).ifPresent(child -> {
            child.process().destroyForcibly();
            try {
                child.process().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Sends a signal by name ({@code STOP}, {@code CONT}) to the process; Java has no call for these. */
    public void signal(String id, String signal) {
        processes.latest(id).filter(c -> c.process().isAlive()).ifPresent(child -> {
            try {
                Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(child.process().pid()))
                        .redirectErrorStream(true).start();
                kill.getInputStream().readAllBytes();
                kill.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot send SIG" + signal + " to " + id, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** The pid of the process last started under {@code id} (a replica "r1", a Borglet "m1"). */
    public java.util.OptionalLong pid(String id) {
        return processes.latest(id).map(c -> java.util.OptionalLong.of(c.process().pid()))
                .orElse(java.util.OptionalLong.empty());
    }

    /** Each replica's pid, by id ("r1"), for those started. */
    public Map<String, Long> replicaPids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (PeerAddress replica : layout.replicas()) {
            pid(replica.id()).ifPresent(pid -> pids.put(replica.id(), pid));
        }
        return pids;
    }

    public List<String> processIds() {
        return processes.all().stream().map(c -> c.id() + " (pid " + c.process().pid() + ")").toList();
    }

    /**
     * Stops the processes and their descendants, then kills the tasks of any Borglet that had
     * been killed with SIGKILL: re-parented to init, they are no descendants of ours any more,
     * but their Borglet's work directory still names them.
     */
    @Override
    public synchronized Stopped stop() {
        waits.close();
        int neededSigkill = processes.stopAll(STOP_GRACE);
        int orphans = 0;
        // The runtimes whose tasks outlive a Borglet killed with SIGKILL (a microVM is a thread
        // or a traced child of the Borglet, and goes with it).
        List<TaskRuntime> outliving = List.of(new ProcessRuntime(), new ContainerRuntime());
        for (BorgletSpec borglet : layout.borglets()) {
            for (TaskRuntime runtime : outliving) {
                orphans += runtime.reapOrphans(layout.workDir(borglet));
            }
        }
        return new Stopped(neededSigkill, orphans);
    }
}
