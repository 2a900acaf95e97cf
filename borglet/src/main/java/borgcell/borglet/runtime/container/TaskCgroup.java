package borgcell.borglet.runtime.container;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One task's cgroup, {@code borg/<name>} in each cgroup v1 hierarchy: the Borglet makes it, sets
 * the task's limits on it, and runc makes the container's own cgroup inside it. Limits set here
 * bind everything below (v1 memory accounting is hierarchical), and the counters stay readable
 * after the container is gone: an OOM kill is counted where the limit was hit, in this cgroup,
 * which runc never removes; the Borglet removes it once the task has ended.
 *
 * <p>cgroup v1, as our hosts mount it (the controllers in v1 hierarchies, an empty unified one
 * beside them). A host where the controllers live in the unified hierarchy (cgroup v2) is not
 * served yet: {@link #supported} says so, and the container runtime is then not offered.
 */
final class TaskCgroup {
    static final Path DEFAULT_ROOT = Path.of("/sys/fs/cgroup");
    private static final String PARENT = "borg";
    /** The container's cgroup below the task's (where runc puts the processes). */
    private static final String CONTAINER = "task";
    /** The smallest {@code cpu.shares} the kernel takes. */
    private static final long MIN_SHARES = 2;
    private static final long CFS_PERIOD_MICROS = 100_000;
    /** The smallest {@code cpu.cfs_quota_us} the kernel takes. */
    private static final long MIN_QUOTA_MICROS = 1_000;

    private final Path root;
    private final String name;

    private TaskCgroup(Path root, String name) {
        this.root = root;
        this.name = name;
    }

    /** Empty when this host's cgroups can hold a task; else why not. */
    static Optional<String> supported(Path root) {
        if (Files.exists(root.resolve("cgroup.controllers"))) {
            return Optional.of("cgroup v2 (controllers in the unified hierarchy at " + root + ") is not supported yet");
        }
        for (String controller : List.of("memory", "pids", "cpu", "cpuacct")) {
            if (!Files.isWritable(root.resolve(controller))) {
                return Optional.of("no writable cgroup v1 " + controller + " hierarchy at " + root.resolve(controller));
            }
        }
        return Optional.empty();
    }

    /**
     * Makes the task's cgroup with its limits.
     *
     * @param ramBytes memory limit (the kernel OOM-kills past it); 0 for none
     * @param cpuMillis the CPU request: the task's weight against others when the CPU is contended
     * @param cpuLimitMillis a hard cap on the CPU it may use, however idle the machine; 0 for none
     * @param maxPids at most this many processes and threads at once
     */
    static TaskCgroup create(Path root, String name, long ramBytes, long cpuMillis, long cpuLimitMillis, int maxPids)
            throws IOException {
        TaskCgroup cgroup = new TaskCgroup(root, name);
        try {
            if (ramBytes > 0) {
                Path memory = cgroup.dir("memory");
                Files.createDirectories(memory);
                write(memory.resolve("memory.limit_in_bytes"), ramBytes);
                // No swap to grow into beyond the limit, where the kernel offers swap accounting.
                Path memsw = memory.resolve("memory.memsw.limit_in_bytes");
                if (Files.exists(memsw)) {
                    write(memsw, ramBytes);
                }
            } else {
                Files.createDirectories(cgroup.dir("memory"));
            }
            Path pids = cgroup.dir("pids");
            Files.createDirectories(pids);
            write(pids.resolve("pids.max"), maxPids);
            Path cpu = cgroup.dir("cpu");
            Files.createDirectories(cpu);
            write(cpu.resolve("cpu.shares"), Math.max(MIN_SHARES, cpuMillis * 1024 / 1000));
            if (cpuLimitMillis > 0) {
                // cpuLimitMillis thousandths of a core: that share of each period, in microseconds.
                write(cpu.resolve("cpu.cfs_period_us"), CFS_PERIOD_MICROS);
                write(cpu.resolve("cpu.cfs_quota_us"), Math.max(MIN_QUOTA_MICROS, cpuLimitMillis * CFS_PERIOD_MICROS / 1000));
            }
            Files.createDirectories(cgroup.dir("cpuacct"));
        } catch (IOException | RuntimeException e) {
            cgroup.remove();
            throw e;
        }
        return cgroup;
    }

    /** A task's cgroup made earlier (by a Borglet that is gone), to read or remove. */
    static TaskCgroup existing(Path root, String name) {
        return new TaskCgroup(root, name);
    }

    /** The path runc is given for the container's own cgroup, inside this one. */
    String containerPath() {
        return "/" + PARENT + "/" + name + "/" + CONTAINER;
    }

    /**
     * Whether the kernel's OOM killer ended the task, given whether it ended by a SIGKILL the
     * Borglet did not send. v1 counts an OOM kill ({@code oom_kill}) in the memory cgroup of
     * the process killed, which is runc's and goes with the container; what this cgroup keeps
     * is its peak use, which reached the limit. A SIGKILL from nobody else at the limit is the
     * OOM killer's. Where the kernel does count the kill here, that says it alone.
     */
    boolean killedForMemory(boolean endedBySigkill) {
        Path memory = dir("memory");
        try {
            for (String line : Files.readAllLines(memory.resolve("memory.oom_control"))) {
                if (line.startsWith("oom_kill ") && Long.parseLong(line.substring("oom_kill ".length()).trim()) > 0) {
                    return true;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone or unreadable: nothing counted
        }
        long limit = memoryLimit();
        return endedBySigkill && limit > 0 && memoryPeak() >= limit;
    }

    /** The memory limit as the kernel holds it (it rounds to pages), or -1. */
    long memoryLimit() {
        return readLong(dir("memory").resolve("memory.limit_in_bytes"));
    }

    /** Memory everything in the task holds now, or -1. */
    long memoryNow() {
        return readLong(dir("memory").resolve("memory.usage_in_bytes"));
    }

    /** Peak memory use of everything in the task so far, or -1. */
    long memoryPeak() {
        return readLong(dir("memory").resolve("memory.max_usage_in_bytes"));
    }

    /** CPU time of everything in the task so far, in nanoseconds, or -1. */
    long cpuNanos() {
        return readLong(dir("cpuacct").resolve("cpuacct.usage"));
    }

    boolean exists() {
        return Files.isDirectory(dir("memory"));
    }

    /**
     * Removes the task's cgroup in every hierarchy (runc's, if still there, first). A cgroup
     * with a process left in it cannot be removed; the caller has made sure none is.
     */
    void remove() {
        List<Path> dirs = new ArrayList<>();
        try (Stream<Path> hierarchies = Files.list(root)) {
            hierarchies.map(h -> h.resolve(PARENT).resolve(name)).filter(Files::isDirectory).forEach(dirs::add);
        } catch (IOException e) {
            return;
        }
        for (Path dir : dirs) {
            try (Stream<Path> tree = Files.walk(dir)) {
                for (Path d : tree.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(d); // rmdir: a cgroup's control files go with it
                }
            } catch (IOException | UncheckedIOException e) {
                // busy, or removed meanwhile by someone else (an orphan sweep); a later sweep takes what is left
            }
        }
    }

    private Path dir(String controller) {
        return root.resolve(controller).resolve(PARENT).resolve(name);
    }

    private static void write(Path file, long value) throws IOException {
        Files.writeString(file, Long.toString(value), StandardCharsets.US_ASCII);
    }

    private static long readLong(Path file) {
        try {
            return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            return -1; // gone (the task ended) or not offered by this kernel
        }
    }
}
