package borgcell.borglet.runtime.container;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A task's cgroup on a cgroup v1 host (as ours mount it: the controllers in v1 hierarchies, an
 * empty unified one beside them): {@code borg/<name>} in each hierarchy. Limits set here bind
 * everything below, v1 memory accounting being hierarchical.
 */
record CgroupV1(Path root, String name) implements TaskCgroup {
    /** Empty when the memory, pids, cpu and cpuacct hierarchies can take a task's cgroup; else why not. */
    static Optional<String> supported(Path root) {
        for (String controller : List.of("memory", "pids", "cpu", "cpuacct")) {
            if (!Files.isWritable(root.resolve(controller))) {
                return Optional.of("no writable cgroup v1 " + controller + " hierarchy at " + root.resolve(controller));
            }
        }
        return Optional.empty();
    }

    /** Makes the cgroup and sets the task's limits on it ({@link TaskCgroup#create}). */
    @Override
    public void makeWithLimits(long ramBytes, long cpuMillis, long cpuLimitMillis, int maxPids) throws IOException {
        Path memory = dir("memory");
        Files.createDirectories(memory);
        if (ramBytes > 0) {
            CgroupFiles.write(memory.resolve("memory.limit_in_bytes"), ramBytes);
            // No swap to grow into beyond the limit, where the kernel offers swap accounting.
            Path memsw = memory.resolve("memory.memsw.limit_in_bytes");
            if (Files.exists(memsw)) {
                CgroupFiles.write(memsw, ramBytes);
            }
        }
        Path pids = dir("pids");
        Files.createDirectories(pids);
        CgroupFiles.write(pids.resolve("pids.max"), maxPids);
        Path cpu = dir("cpu");
        Files.createDirectories(cpu);
        CgroupFiles.write(cpu.resolve("cpu.shares"), CgroupFiles.shares(cpuMillis));
        if (cpuLimitMillis > 0) {
            CgroupFiles.write(cpu.resolve("cpu.cfs_period_us"), CgroupFiles.CFS_PERIOD_MICROS);
            CgroupFiles.write(cpu.resolve("cpu.cfs_quota_us"), CgroupFiles.quotaMicros(cpuLimitMillis));
        }
        Files.createDirectories(dir("cpuacct"));
    }

    /**
     * Whether the kernel's OOM killer ended the task, given whether it ended by a SIGKILL the
     * Borglet did not send. v1 counts an OOM kill ({@code oom_kill}) in the memory cgroup of
     * the process killed, which is runc's and goes with the container; what this cgroup keeps
     * is its peak use, which reached the limit. A SIGKILL from nobody else at the limit is the
     * OOM killer's. Where the kernel does count the kill here, that says it alone.
     */
    @Override
    public boolean killedForMemory(boolean endedBySigkill) {
        if (CgroupFiles.readKeyed(dir("memory").resolve("memory.oom_control"), "oom_kill") > 0) {
            return true;
        }
        long limit = memoryLimit();
        return endedBySigkill && limit > 0 && memoryPeak() >= limit;
    }

    /** The memory limit as the kernel holds it (it rounds to pages), or -1. */
    @Override
    public long memoryLimit() {
        return CgroupFiles.readLong(dir("memory").resolve("memory.limit_in_bytes"));
    }

    /** Memory everything in the task holds now, or -1. */
    @Override
    public long memoryNow() {
        return CgroupFiles.readLong(dir("memory").resolve("memory.usage_in_bytes"));
    }

    /** Peak memory use of everything in the task so far, or -1. */
    @Override
    public long memoryPeak() {
        return CgroupFiles.readLong(dir("memory").resolve("memory.max_usage_in_bytes"));
    }

    /** CPU time of everything in the task so far, in nanoseconds, or -1. */
    @Override
    public long cpuNanos() {
        return CgroupFiles.readLong(dir("cpuacct").resolve("cpuacct.usage"));
    }

    /**
     * Removes the task's cgroup in every hierarchy (runc's, if still there, first). A cgroup
     * with a process left in it cannot be removed; the caller has made sure none is.
     */
    @Override
    public void remove() {
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
}
