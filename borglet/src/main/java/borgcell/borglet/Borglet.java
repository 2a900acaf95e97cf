package borgcell.borglet;

import borgcell.api.v1.HeartbeatRequest;
import borgcell.api.v1.HeartbeatResponse;
import borgcell.api.v1.RegisterRequest;
import borgcell.api.v1.RegisterResponse;
import borgcell.api.v1.TaskAssignment;
import borgcell.api.v1.TaskReport;
import borgcell.borglet.logs.RotatingLog;
import borgcell.borglet.runtime.TaskRuntime;
import borgcell.borglet.runtime.container.TaskUids;
import borgcell.borglet.runtime.process.ProcessRuntime;
import borgcell.borglet.task.TaskTable;
import borgcell.borglet.vmm.Platform;
import borgcell.borglet.vmm.Platforms;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The machine agent. One thread registers with the cell (retrying until a master answers),
 * then heartbeats: each heartbeat reports every held task (level-triggered), the usage that
 * moved ({@link UsageChanges}), and names the version of the {@link DesiredSet} it holds; the
 * answer brings that set up to date (usually with no change at all, else with the changes, or
 * the whole set), and the {@link TaskTable} reconciles against it.
 *
 * <p>A plain library (no Spring, one virtual thread per Borglet) so that a simulator can run
 * thousands in one JVM; {@link BorgletProcess} wraps it as a process.
 */
public final class Borglet implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Borglet.class);
    private static final Duration MIN_DEADLINE = Duration.ofSeconds(1);
    private static final Duration MAX_REGISTER_BACKOFF = Duration.ofSeconds(30);
    // Grace of the runtimes' kills plus room: close() must not hang on a stuck task forever.
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(15);

    private final BorgletConfig config;
    private final List<TaskRuntime> runtimes;
    private final Function<String, ManagedChannel> channelFactory;
    // Process starts and restart timers run here: they fork, so not on the heartbeat thread.
    private final Executor taskExecutor = command -> Thread.ofVirtual().name("borglet-task").start(command);
    private final CountDownLatch closing = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);

    private volatile TaskTable table;
    /** What the cell wants here, at the version of the last answer; only the heartbeat thread touches it. */
    private final DesiredSet desired = new DesiredSet();
    /** Which tasks' usage the leader has heard; only the heartbeat thread touches it. */
    private final UsageChanges usage = new UsageChanges();
    /** The tasks of {@link #desired} as of the last answer, for readers on other threads. */
    private volatile List<TaskAssignment> desiredNow = List.of();
    private volatile List<String> advertised = List.of();
    /** What the working runtimes add to the machine's attributes (microvm's platform). */
    private volatile Map<String, String> runtimeAttributes = Map.of();
    private volatile boolean registered;
    private volatile Duration interval;
    private volatile long lastHeartbeatNanos;
    private volatile String httpAddress = "";
    private volatile boolean heartbeatSeen;
    private Thread heartbeats;

    public Borglet(BorgletConfig config, List<TaskRuntime> runtimes) {
        this(config, runtimes, "");
    }

    /** @param httpAddress where this Borglet serves metrics and task logs ("http://host:port"), or "" */
    public Borglet(BorgletConfig config, List<TaskRuntime> runtimes, String httpAddress) {
        this(config, runtimes, httpAddress, InsecureChannelCredentials.create());
    }

    /**
     * @param httpAddress where this Borglet serves metrics and task logs ("http://host:port"), or ""
     * @param credentials how it calls the masters: with its machine certificate (mutual TLS), or plaintext
     */
    public Borglet(BorgletConfig config, List<TaskRuntime> runtimes, String httpAddress, ChannelCredentials credentials) {
        this(config, runtimes, target -> Grpc.newChannelBuilder(target, credentials).build());
        this.httpAddress = httpAddress;
    }

    /** @param channelFactory makes the channel to one master ("host:port"); a simulator may pass in-process ones */
    public Borglet(BorgletConfig config, List<TaskRuntime> runtimes, Function<String, ManagedChannel> channelFactory) {
        this.config = Objects.requireNonNull(config, "config");
        this.runtimes = List.copyOf(runtimes);
        this.channelFactory = Objects.requireNonNull(channelFactory, "channelFactory");
        this.interval = config.heartbeatInterval();
    }

    /**
     * The runtimes a Borglet can offer: process, microvm on the platform {@code auto} chooses,
     * and container where runc and the host's cgroups allow. Each is self-tested once when the Borglet starts, and offered only if it passes.
     */
    public static List<TaskRuntime> defaultRuntimes(Path workDir) {
        return defaultRuntimes(workDir, Platforms.AUTO, TaskUids.DEFAULT);
    }

    /**
     * As {@link #defaultRuntimes(Path)}, with the microVM platform chosen by {@code vmmPlatform}
     * ({@code auto}: KVM where it works, ptrace otherwise; or one forced). A forced platform that
     * does not work here leaves microvm unoffered rather than falling back. Containers run as the
     * ids of {@code taskUids}, one per cell user.
     */
    public static List<TaskRuntime> defaultRuntimes(Path workDir, String vmmPlatform, TaskUids taskUids) {
        Platform platform = Platforms.named(vmmPlatform).orElse(null);
        if (platform == null && !Platforms.AUTO.equals(vmmPlatform)) {
            log.warn("microvm platform {} was asked for but does not work on this host", vmmPlatform);
        }
        return List.of(new ProcessRuntime(),
                new borgcell.borglet.runtime.microvm.MicroVmRuntime(RotatingLog.DEFAULT_CAP_BYTES, platform),
                new borgcell.borglet.runtime.container.ContainerRuntime(taskUids));
    }

    /**
     * Starts the Borglet's thread: kills what an earlier run left behind, self-tests, registration,
     * then heartbeats until close().
     */
    public synchronized void start() {
        if (heartbeats != null || isClosing()) {
            throw new IllegalStateException("borglet " + config.machineId() + " already started or closed");
        }
        heartbeats = Thread.ofVirtual().name("borglet-" + config.machineId()).start(this::run);
    }

    /** Time since the leader last answered a heartbeat; empty before the first answer. */
    public java.util.Optional<Duration> sinceLastHeartbeat() {
        return heartbeatSeen ? java.util.Optional.of(Duration.ofNanos(System.nanoTime() - lastHeartbeatNanos))
                : java.util.Optional.empty();
    }

    public BorgletConfig config() {
        return config;
    }

    /** Whether the cell has accepted this machine since the last time it said it did not know it. */
    public boolean isRegistered() {
        return registered;
    }

    /** Names of the runtimes advertised to the cell (those that passed their self-test). */
    public List<String> advertisedRuntimes() {
        return advertised;
    }

    /** The tasks the cell wants here, as of the last answer. */
    public List<TaskAssignment> desired() {
        return desiredNow;
    }

    /** What the next heartbeat would report: one entry per held task. */
    public List<TaskReport> reports() {
        TaskTable t = table;
        return t == null ? List.of() : t.reports();
    }

    /** Blocks until close() has finished. */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    /** Stops heartbeats, kills every task and waits for them, closes the channels. Idempotent. */
    @Override
    public void close() {
        Thread thread;
        synchronized (this) {
            if (closing.getCount() == 0) {
                awaitClosedQuietly();
                return;
            }
            closing.countDown();
            thread = heartbeats;
        }
        try {
            if (thread != null) {
                thread.interrupt();  // cancels an in-flight blocking call
                thread.join(CLOSE_TIMEOUT);
            }
            TaskTable t = table;
            if (t != null) {
                t.killAll().get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException e) {
            log.warn("borglet {}: some tasks did not end within {}", config.machineId(), CLOSE_TIMEOUT);
        } catch (Exception e) {
            log.warn("borglet {}: error while killing tasks", config.machineId(), e);
        } finally {
            closed.countDown();
            log.info("borglet {} closed", config.machineId());
        }
    }

    private void run() {
        killOrphans();
        Map<String, TaskRuntime> working = selfTested();
        advertised = List.copyOf(working.keySet());
        Map<String, String> attributes = new LinkedHashMap<>();
        working.values().forEach(runtime -> attributes.putAll(runtime.attributes()));
        runtimeAttributes = Map.copyOf(attributes);
        table = new TaskTable(config.machineId(), config.workDir().resolve("tasks"), working, taskExecutor);
        try (MasterLink link = new MasterLink(config.masters(), channelFactory, deadlineFor(interval))) {
            Backoff registerBackoff = new Backoff(min(interval, Duration.ofSeconds(1)), MAX_REGISTER_BACKOFF);
            while (!isClosing()) {
                try {
                    if (!registered) {
                        if (register(link)) {
                            registerBackoff.reset();
                            continue;  // report at once: the cell may have tasks for us already
                        }
                        pause(registerBackoff.next());
                        continue;
                    }
                    heartbeat(link);
                    if (registered) {
                        pause(interval);
                    }
                } catch (RuntimeException e) {
                    // A bug in one round must not silence the machine: the tasks still need reporting.
                    log.error("borglet {}: heartbeat round failed", config.machineId(), e);
                    pause(interval);
                }
            }
        }
    }

    /**
     * Kills the tasks an earlier Borglet on this work directory left running when it died
     * without closing (SIGKILL, a crash). Before registering: once it knew the machine was gone
     * the cell may have started them elsewhere, and what it still wants here it sends again in
     * the desired set.
     */
    private void killOrphans() {
        int killed = runtimes.stream().mapToInt(r -> r.reapOrphans(config.workDir())).sum();
        log.info("borglet {}: killed {} orphaned task{} of an earlier run in {}",
                config.machineId(), killed, killed == 1 ? "" : "s", config.workDir());
    }

    /** Runs each runtime's self-test once; the ones that pass are advertised and used. */
    private Map<String, TaskRuntime> selfTested() {
        Map<String, TaskRuntime> working = new LinkedHashMap<>();
        for (TaskRuntime runtime : runtimes) {
            if (runtime.selfTest()) {
                working.putIfAbsent(runtime.name(), runtime);
            } else if (!isClosing()) {
                log.warn("borglet {}: runtime {} failed its self-test; not offering it", config.machineId(), runtime.name());
            }
        }
        return working;
    }

    private boolean register(MasterLink link) {
        RegisterRequest request = RegisterRequest.newBuilder()
                .setMachineId(config.machineId())
                .setAddress(config.address())
                .setCapacity(config.capacity())
                .setPortRangeFirst(config.portRange().first())
                .setPortRangeLast(config.portRange().last())
                .putAllAttributes(runtimeAttributes)
                .putAllAttributes(config.attributes())
                .addAllRuntimes(advertised)
                .setHttpAddress(httpAddress)
                .build();
        try {
            RegisterResponse response = link.register(request);
            adoptInterval(response.getHeartbeatIntervalMillis(), link);
            desired.askForAll(); // a cell that had lost us has no version of ours to answer changes to
            usage.sendAllNext();
            registered = true;
            log.info("borglet {} registered at {} (runtimes {}, heartbeat every {} ms)",
                    config.machineId(), link.preferred(), advertised, interval.toMillis());
            return true;
        } catch (StatusRuntimeException e) {
            if (!isClosing()) {
                log.warn("borglet {}: no master took the registration ({}); retrying", config.machineId(), e.getStatus());
            }
            return false;
        }
    }

    private void heartbeat(MasterLink link) {
        UsageChanges.Outgoing usageNow = usage.next(table.usage(), System.nanoTime());
        HeartbeatRequest request = HeartbeatRequest.newBuilder()
                .setMachineId(config.machineId())
                .addAllTasks(table.reports())
                .setDesiredVersion(desired.version())
                .addAllUsage(usageNow.reports())
                .setUsageComplete(usageNow.complete())
                .build();
        try {
            HeartbeatResponse response = link.heartbeat(request);
            lastHeartbeatNanos = System.nanoTime();
            heartbeatSeen = true;
            usage.answered(usageNow, response.getUsageWanted());
            adoptInterval(response.getHeartbeatIntervalMillis(), link);
            if (desired.apply(response) == DesiredSet.Answer.MISFIT) {
                log.warn("borglet {}: the cell's changes did not fit the tasks wanted here; asking for all of them",
                        config.machineId());
            }
            desiredNow = desired.tasks();
            table.reconcile(desiredNow);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                // The cell lost us (wiped, or it forgot a machine it thought dead): register anew, keep tasks.
                log.warn("borglet {}: the cell does not know this machine ({}); registering again",
                        config.machineId(), e.getStatus().getDescription());
                registered = false;
            } else if (!isClosing()) {
                log.warn("borglet {}: heartbeat reached no leader: {}", config.machineId(), e.getStatus());
            }
        }
    }

    /** A master's interval wins over ours: the cell sets the pace for all its machines. */
    private void adoptInterval(long millis, MasterLink link) {
        if (millis > 0 && millis != interval.toMillis()) {
            interval = Duration.ofMillis(millis);
            link.deadline(deadlineFor(interval));
        }
    }

    private static Duration deadlineFor(Duration interval) {
        Duration twice = interval.multipliedBy(2);
        return twice.compareTo(MIN_DEADLINE) < 0 ? MIN_DEADLINE : twice;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private boolean isClosing() {
        return closing.getCount() == 0;
    }

    /** Waits for the pace, but wakes at once when close() is called. */
    private void pause(Duration duration) {
        try {
            closing.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            // close() interrupts us; the loop condition sees it.
        }
    }

    private void awaitClosedQuietly() {
        try {
            closed.await(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
