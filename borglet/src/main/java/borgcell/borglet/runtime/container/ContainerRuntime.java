package borgcell.borglet.runtime.container;

import borgcell.borglet.logs.LogPump;
import borgcell.borglet.logs.RotatingLog;
import borgcell.borglet.runtime.RunningTask;
import borgcell.borglet.runtime.TaskLaunch;
import borgcell.borglet.runtime.TaskRuntime;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each task in a container through runc (an OCI runtime, as Kubernetes and Nomad use
 * one): its own mount, pid, ipc and uts namespaces, an unprivileged user id of its cell user's
 * ({@link UidPool}: one per cell user on this machine, from a configured range), no
 * capabilities, the host's system directories read-only and its sandbox as the one writable
 * directory ({@link OciConfig}); its memory ({@code ram}: a hard limit, past which the kernel
 * kills it), CPU weight ({@code cpu}) and cap ({@code cpu_limit}, when asked) and process count
 * bound by its cgroup ({@link TaskCgroup}).
 *
 * <p>Offered where runc is installed, the Borglet runs as root, the cgroups offer the memory,
 * pids and cpu controllers (v1 as on our hosts, or v2), and its self-test containers show
 * namespaces and a memory limit working.
 */
public final class ContainerRuntime implements TaskRuntime {
    public static final String NAME = "container";
    /** Processes and threads a task may have at once: a fork bomb stops here, not at the machine's limit. */
    public static final int DEFAULT_MAX_PIDS = 512;

    private static final Logger log = LoggerFactory.getLogger(ContainerRuntime.class);
    private static final String PATH = "/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin";
    private static final int MAX_ID = 100;

    private final Optional<Runc> runc;
    private final Path cgroupRoot;
    private final Duration killGrace;
    private final long logCapBytes;
    private final int maxPids;
    private final TaskUids taskUids;
    private final UidPool uids;
    private final HostSystemDirs system = HostSystemDirs.of(Path.of("/"));

    public ContainerRuntime() {
        this(TaskUids.DEFAULT);
    }

    /** @param taskUids the user ids containers run as, one per cell user */
    public ContainerRuntime(TaskUids taskUids) {
        this(Runc.find().map(Runc::binary), TaskCgroup.DEFAULT_ROOT, Duration.ofSeconds(2), RotatingLog.DEFAULT_CAP_BYTES,
                DEFAULT_MAX_PIDS, taskUids);
    }

    /**
     * @param runc the runc binary, or empty when the host has none (the runtime is then not offered)
     * @param cgroupRoot where the cgroup hierarchies are mounted
     * @param killGrace how long a task may take to stop after SIGTERM before it gets SIGKILL
     * @param logCapBytes each of stdout and stderr rotates past this size
     * @param maxPids processes and threads a task may have at once
     * @param taskUids the user ids containers run as, one per cell user
     */
    public ContainerRuntime(Optional<Path> runc, Path cgroupRoot, Duration killGrace, long logCapBytes, int maxPids,
                            TaskUids taskUids) {
        this.runc = runc.map(Runc::new);
        this.cgroupRoot = Objects.requireNonNull(cgroupRoot, "cgroupRoot");
        this.killGrace = Objects.requireNonNull(killGrace, "killGrace");
        if (logCapBytes < 1 || maxPids < 1) {
            throw new IllegalArgumentException("log cap and pids limit must be positive: " + logCapBytes + ", " + maxPids);
        }
        this.logCapBytes = logCapBytes;
        this.maxPids = maxPids;
        this.taskUids = Objects.requireNonNull(taskUids, "taskUids");
        this.uids = new UidPool(taskUids);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Empty when containers can run on this host; else why not, for the Borglet's log and the tests. */
    public Optional<String> unavailable() {
        if (runc.isEmpty()) {
            return Optional.of("no runc on the PATH or in /usr/sbin (Debian: apt-get install runc)");
        }
        if (!isRoot()) {
            return Optional.of("the Borglet is not root: runc needs root to make namespaces and cgroups");
        }
        return TaskCgroup.supported(cgroupRoot);
    }

    /** Offered only if {@link ContainerSelfTest} sees namespaces and a memory limit working here. */
    @Override
    public boolean selfTest() {
        Optional<String> why = unavailable();
        if (why.isPresent()) {
            log.info("container runtime not offered: {}", why.get());
            return false;
        }
        return ContainerSelfTest.passes(this, runc.get().binary(), cgroupRoot);
    }

    /**
     * The containers an earlier Borglet on {@code workDir} left running: those whose bundle is
     * in one of its task directories. Each is killed and deleted, and its cgroup removed.
     */
    @Override
    public int reapOrphans(Path workDir) {
        if (runc.isEmpty() || !isRoot()) {
            return 0;
        }
        Path tasks = workDir.resolve("tasks").toAbsolutePath().normalize();
        int reaped = 0;
        for (Runc.Listed container : runc.get().list()) {
            if (!container.bundle().toAbsolutePath().normalize().startsWith(tasks)) {
                continue;
            }
            log.info("killing container {}, left running in {} by a Borglet that is gone", container.id(), container.bundle());
            runc.get().kill(container.id(), "KILL");
            Runc.Result deleted = runc.get().delete(container.id());
            if (deleted.exitCode() != 0) {
                log.warn("cannot delete orphaned container {}: {}", container.id(), deleted.stderr());
            }
            TaskCgroup.existing(cgroupRoot, container.id()).remove();
            reaped++;
        }
        return reaped;
    }

    @Override
    public RunningTask start(TaskLaunch launch) throws IOException {
        Optional<RunningTask> refused = launch.prepare();
        if (refused.isPresent()) {
            return refused.get();
        }
        Optional<String> why = unavailable();
        if (why.isPresent()) {
            return RunningTask.cannotStart(launch.stderrFile(), "cannot start " + launch.describe() + " in a container: " + why.get());
        }
        String id = containerId(launch);
        // A cell user's tasks share its id; a run that is no user's has one of its own.
        String owner = launch.user().isEmpty() ? "container " + id : "user " + launch.user();
        OptionalInt uid = uids.take(owner);
        if (uid.isEmpty()) {
            return RunningTask.cannotStart(launch.stderrFile(), "cannot start " + launch.describe()
                    + " in a container: all " + taskUids.count() + " task user ids (" + taskUids + ") are in use");
        }
        TaskCgroup cgroup = null;
        try {
            Path bundle = launch.taskDir().resolve("container");
            deleteTree(bundle); // an earlier attempt's
            Path sandbox = launch.taskDir().resolve("sandbox");
            Files.createDirectories(sandbox);
            ownAll(sandbox, uid.getAsInt()); // a restart here may run as another uid than the last run

            system.prepare(bundle.resolve("rootfs"), OciConfig.MOUNT_POINTS);
            var resources = launch.template().getResources();
            cgroup = TaskCgroup.create(cgroupRoot, id, resources.getRamBytes(), resources.getCpuMillis(),
                    resources.getCpuLimitMillis(), maxPids);
            Map<String, String> env = launch.environment(PATH, OciConfig.SANDBOX);
            OciConfig config = new OciConfig(launch.template().getArgvList(), env, uid.getAsInt(), hostname(launch),
                    sandbox, cgroup.containerPath(), "none".equals(launch.template().getNetwork()), system);
            Files.writeString(bundle.resolve("config.json"), config.toJson(), StandardCharsets.UTF_8);
            Path pidFile = bundle.resolve("pid");
            Process process = new ProcessBuilder(runc.orElseThrow().run(bundle, pidFile, id))
                    .directory(bundle.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.PIPE)
                    .redirectError(ProcessBuilder.Redirect.PIPE)
                    .start();
            log.debug("started {} as container {} (uid {})", launch.describe(), id, uid.getAsInt());
            CompletableFuture<Void> drained = CompletableFuture.allOf(
                    LogPump.start(process.getInputStream(), new RotatingLog(launch.stdoutFile(), logCapBytes), launch.describe() + "-out"),
                    LogPump.start(process.getErrorStream(), new RotatingLog(launch.stderrFile(), logCapBytes), launch.describe() + "-err"));
            return new ContainerTask(process, id, pidFile, runc.orElseThrow(), cgroup, killGrace, sandbox,
                    resources.getDiskBytes(), drained, () -> uids.give(owner));
        } catch (IOException | RuntimeException e) {
            if (cgroup != null) {
                cgroup.remove();
            }
            uids.give(owner);
            return RunningTask.cannotStart(launch.stderrFile(), "cannot start " + launch.describe() + " in a container: " + e.getMessage());
        }
    }

    /** runc's name for the container, unique on the host: machine, job, index, attempt. */
    static String containerId(TaskLaunch launch) {
        String raw = "borg-" + launch.machineId() + "-" + launch.job() + "-" + launch.index() + "-" + launch.attempt();
        String id = raw.replaceAll("[^A-Za-z0-9_.-]", "_");
        return id.length() <= MAX_ID ? id : id.substring(0, MAX_ID - 9) + "-" + Integer.toHexString(raw.hashCode());
    }

    private static String hostname(TaskLaunch launch) {
        String name = (launch.index() + "-" + launch.job()).toLowerCase().replaceAll("[^a-z0-9-]", "-");
        return name.length() <= 63 ? name : name.substring(0, 63);
    }

    private static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0"); // real, effective, saved, fs: the effective one
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return false;
    }

    /** Gives the task's user everything in its sandbox (links themselves, never what they point at). */
    private static void ownAll(Path sandbox, int uid) throws IOException {
        try (Stream<Path> tree = Files.walk(sandbox)) {
            for (Path p : tree.toList()) {
                Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", uid, LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    /** Removes a directory and everything in it (links themselves); a missing one is nothing to do. */
    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            log.warn("cannot remove {}: {}", dir, e.toString());
        }
    }
}
