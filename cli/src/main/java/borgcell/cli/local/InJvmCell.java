package borgcell.cli.local;

import borgcell.api.v1.Job;
import borgcell.api.v1.JobSpec;
import borgcell.borglet.BorgletProcess;
import borgcell.cli.daemon.BorgletCommand;
import borgcell.cli.daemon.MasterCommand;
import borgcell.cli.local.CellLayout.BorgletSpec;
import borgcell.master.BorgMasterApplication;
import borgcell.master.BorgMasterApplication.StartedReplica;
import borgcell.master.raft.PeerAddress;
import borgcell.trust.TlsFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;

/**
 * A local cell in this JVM, as {@code nomad agent -dev} is one process: the five replicas (Raft
 * and gRPC side by side), the three Borglets, and later each replica's HTTP (REST, the web UI,
 * Actuator; {@link #serveHttp}). One JVM loads the classes and warms the code once instead of
 * eight times on a small machine. Each daemon is made from the same arguments
 * ({@link DaemonArgs}) and by the same commands ({@code borg master}, {@code borg borglet}) as
 * its process would be. Everything logs to one file, {@link CellLog}.
 */
public final class InJvmCell implements UpCell {
    private static final Logger log = LoggerFactory.getLogger(InJvmCell.class);
    /** Told to each replica's Spring context: this cell closes them, in its order, at {@link #stop}. */
    private static final String NO_SPRING_SHUTDOWN_HOOK = "--spring.main.register-shutdown-hook=false";
    /** How long the tasks still running after their Borglets closed get between SIGTERM and SIGKILL. */
    private static final Duration TASK_GRACE = Duration.ofSeconds(5);

    private final CellLayout layout;
    private final LocalCell.Options options;
    private final DaemonArgs daemonArgs;
    private final CellWaits waits;
    private final List<Replica> replicas = new CopyOnWriteArrayList<>();
    private final List<BorgletProcess.Running> borglets = new CopyOnWriteArrayList<>();
    private boolean stopped;

    /** A replica of this JVM: what {@code borg master} made of its arguments, and its HTTP once served. */
    private static final class Replica {
        final String[] args;
        final StartedReplica started;
        volatile ConfigurableApplicationContext http;

        Replica(String[] args, StartedReplica started) {
            this.args = args;
            this.started = started;
        }

        void close() {
            if (http != null) {
                http.close(); // closes the replica too
            } else {
                started.replica().close();
            }
        }
    }

    public InJvmCell(CellLayout layout, LocalCell.Options options) {
        this.layout = layout;
        this.options = options;
        this.daemonArgs = new DaemonArgs(layout, options);
        // A daemon here cannot die apart from this JVM: a failed start throws from start() itself.
        this.waits = CellWaits.of(layout, clientTls(), () -> { });
    }

    @Override
    public CellLayout layout() {
        return layout;
    }

    @Override
    public Optional<TlsFiles> clientTls() {
        return CellPki.clientTls(layout, options.insecure());
    }

    /** Every daemon's: {@code DIR/logs/cell.log}. */
    @Override
    public Path log(String daemonId) {
        return layout.log("*").resolveSibling(CellLog.FILE);
    }

    /**
     * Starts the five replicas at once, then the three Borglets, which test their runtimes while
     * the replicas elect a leader and then register. Returns once all are started.
     */
    @Override
    public synchronized void start() throws IOException {
        CellLog.sendTo(log("*"));
        log.info("borg up: a cell of {} replicas and {} Borglets in this JVM (pid {}), in {}", layout.replicas().size(),
                layout.borglets().size(), ProcessHandle.current().pid(), layout.dir());
        if (!options.insecure()) {
            CellPki.prepare(layout);
        }
        List<CompletableFuture<Replica>> starting = new ArrayList<>();
        for (PeerAddress replica : layout.replicas()) {
            starting.add(inThread("start-" + replica.id(), () -> {
                String[] args = daemon(new MasterCommand(), daemonArgs.master(replica, OptionalLong.empty()))
                        .applicationArgs();
                return new Replica(args, BorgMasterApplication.startReplica(args));
            }));
        }
        List<CompletableFuture<BorgletProcess.Running>> borgletsStarting = new ArrayList<>();
        for (BorgletSpec borglet : layout.borglets()) {
            borgletsStarting.add(inThread("start-" + borglet.id(),
                    () -> daemon(new BorgletCommand(), daemonArgs.borglet(borglet, OptionalLong.empty())).start()));
        }
        RuntimeException failure = null;
        for (CompletableFuture<Replica> r : starting) {
            try {
                replicas.add(r.join());
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        for (CompletableFuture<BorgletProcess.Running> b : borgletsStarting) {
            try {
                borglets.add(b.join());
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            Throwable cause = failure.getCause() == null ? failure : failure.getCause();
            throw new IOException("a daemon of the cell did not start: " + cause.getMessage(), cause);
        }
    }

    /**
     * Gives every replica its HTTP (REST, the web UI, Actuator on its HTTP port), one Spring
     * context after another (Spring Boot starts one at a time per JVM). Done once the cell is
     * usable: five contexts are seconds of CPU that the election and the first job would wait
     * behind on two cores.
     */
    public void serveHttp() {
        for (Replica replica : replicas) {
            String[] args = new String[replica.args.length + 1];
            System.arraycopy(replica.args, 0, args, 0, replica.args.length);
            args[replica.args.length] = NO_SPRING_SHUTDOWN_HOOK;
            synchronized (this) {
                if (stopped) {
                    return;
                }
                replica.http = BorgMasterApplication.serveHttp(replica.started, args);
            }
            log.info("replica {} serves REST, the web UI and Actuator on port {}", replica.started.replica().id(),
                    replica.http.getEnvironment().getProperty("local.server.port"));
        }
    }

    @Override
    public CellWaits waits() {
        return waits;
    }

    /** Nothing to watch: the daemons live and die with this JVM. */
    @Override
    public void onUnexpectedExit(Consumer<String> listener) {
    }

    /**
     * Closes the Borglets (each kills its tasks), then the replicas with their HTTP, then sends
     * SIGTERM, and SIGKILL after a grace period, to any process this JVM still has below it: a
     * task whose Borglet could not end it (but not the microVM stubs it keeps ready).
     */
    @Override
    public synchronized Stopped stop() {
        if (stopped) {
            return new Stopped(0, 0);
        }
        stopped = true;
        waits.close();
        closeAll(borglets.stream().<Runnable>map(b -> b::close).toList());
        closeAll(replicas.stream().<Runnable>map(r -> r::close).toList());
        int neededSigkill = ChildProcesses.stopDescendants(ProcessHandle.current(), TASK_GRACE,
                process -> !tracedByThisJvm(process));
        log.info("borg up: the cell in this JVM stopped");
        return new Stopped(neededSigkill, 0);
    }

    /**
     * Whether this JVM traces the process: a microVM stub the ptrace platform keeps ready for
     * the next guest. It ignores SIGTERM while traced, and ends with this JVM (PTRACE_O_EXITKILL).
     */
    private static boolean tracedByThisJvm(ProcessHandle process) {
        try {
            // The tracer is a thread: its id is one of this process's tasks.
            String tracer = java.nio.file.Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))
                    .stream().filter(line -> line.startsWith("TracerPid:"))
                    .map(line -> line.substring("TracerPid:".length()).strip()).findFirst().orElse("0");
            return !tracer.equals("0") && java.nio.file.Files.exists(
                    Path.of("/proc", Long.toString(ProcessHandle.current().pid()), "task", tracer));
        } catch (IOException | java.io.UncheckedIOException e) {
            return false; // gone already, or no /proc: signal it like any other
        }
    }

    /** Runs the closes side by side: each may wait seconds for its tasks or its gRPC calls to end. */
    private static void closeAll(List<Runnable> closes) {
        List<CompletableFuture<Void>> closing = closes.stream()
                .map(c -> inThread("stop", () -> {
                    c.run();
                    return (Void) null;
                }))
                .toList();
        closing.forEach(c -> {
            try {
                c.join();
            } catch (RuntimeException e) {
                log.warn("borg up: stopping a daemon failed", e);
            }
        });
    }

    /** {@code command} with {@code borgArgs} ({@code master --id r1 ...}) parsed into it, as {@code borg} would. */
    private static <T> T daemon(T command, List<String> borgArgs) {
        new CommandLine(command).parseArgs(borgArgs.subList(1, borgArgs.size()).toArray(String[]::new));
        return command;
    }

    private static <T> CompletableFuture<T> inThread(String name, Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread.ofPlatform().name(name).start(() -> {
            try {
                result.complete(work.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }
}
