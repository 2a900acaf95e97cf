package borgcell.borglet.runtime.container;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A task's cgroup on a cgroup v2 host: {@code borg/<name>} in the unified hierarchy, the
 * memory, pids and cpu controllers enabled down to it and for runc's cgroup below it (a v2
 * cgroup holds either processes or children with controllers: this one holds only runc's).
 * v2 counts an OOM kill in {@code memory.events} of every ancestor of the killed process, so
 * this cgroup knows it exactly.
 *
 * <p>Our hosts are v1: this is tested on a tree of files laid out as the kernel's (the
 * names, values and order of writes), not yet against a v2 kernel.
 */
record CgroupV2(Path root, String name) implements TaskCgroup {
    private static final List<String> CONTROLLERS = List.of("memory", "pids", "cpu");
    private static final String ENABLE = "+memory +pids +cpu";

    /** Empty when the unified hierarchy offers the memory, pids and cpu controllers and we may write it. */
    static Optional<String> supported(Path root) {
        try {
            List<String> offered = List.of(Files.readString(root.resolve("cgroup.controllers"), StandardCharsets.US_ASCII)
                    .trim().split("\\s+"));
            for (String controller : CONTROLLERS) {
                if (!offered.contains(controller)) {
                    return Optional.of("cgroup v2 at " + root + " does not offer the " + controller + " controller (it offers "
                            + offered + ")");
                }
            }
        } catch (IOException e) {
            return Optional.of("cannot read " + root.resolve("cgroup.controllers") + ": " + e.getMessage());
        }
        if (!Files.isWritable(root)) {
            return Optional.of("cgroup v2 at " + root + " is not writable");
        }
        return Optional.empty();
    }

    /** Makes the cgroup and sets the task's limits on it ({@link TaskCgroup#create}). */
    @Override
    public void makeWithLimits(long ramBytes, long cpuMillis, long cpuLimitMillis, int maxPids) throws IOException {
        // Controllers are handed down level by level: the root's children, then ours, then runc's.
        CgroupFiles.write(root.resolve("cgroup.subtree_control"), ENABLE);
        Path parent = root.resolve(PARENT);
        Files.createDirectories(parent);
        CgroupFiles.write(parent.resolve("cgroup.subtree_control"), ENABLE);
        Path dir = dir();
        Files.createDirectories(dir);
        if (ramBytes > 0) {
            CgroupFiles.write(dir.resolve("memory.max"), ramBytes);
            Path swap = dir.resolve("memory.swap.max");
            if (Files.exists(swap)) {
                CgroupFiles.write(swap, 0); // no swap to grow into beyond the limit
            }
        }
        CgroupFiles.write(dir.resolve("pids.max"), maxPids);
        CgroupFiles.write(dir.resolve("cpu.weight"), CgroupFiles.weight(cpuMillis));
        if (cpuLimitMillis > 0) {
            CgroupFiles.write(dir.resolve("cpu.max"), CgroupFiles.quotaMicros(cpuLimitMillis) + " " + CgroupFiles.CFS_PERIOD_MICROS);
        }
        CgroupFiles.write(dir.resolve("cgroup.subtree_control"), ENABLE);
    }

    /** {@code memory.events} counts kills below it too: no need to guess from the peak. */
    @Override
    public boolean killedForMemory(boolean endedBySigkill) {
        return CgroupFiles.readKeyed(dir().resolve("memory.events"), "oom_kill") > 0;
    }

    @Override
    public long memoryLimit() {
        return CgroupFiles.readLong(dir().resolve("memory.max")); // "max": -1
    }

    @Override
    public long memoryNow() {
        return CgroupFiles.readLong(dir().resolve("memory.current"));
    }

    /** {@code memory.peak} (Linux 5.19 and later); -1 on older kernels. */
    @Override
    public long memoryPeak() {
        return CgroupFiles.readLong(dir().resolve("memory.peak"));
    }

    @Override
    public long cpuNanos() {
        long micros = CgroupFiles.readKeyed(dir().resolve("cpu.stat"), "usage_usec");
        return micros < 0 ? -1 : micros * 1000;
    }

    @Override
    public void remove() {
        for (Path d : List.of(dir().resolve(CONTAINER), dir())) {
            try {
                Files.deleteIfExists(d); // rmdir: a cgroup's control files go with it
            } catch (IOException e) {
                // busy, or removed meanwhile (an orphan sweep); a later sweep takes what is left
            }
        }
    }

    private Path dir() {
        return root.resolve(PARENT).resolve(name);
    }
}
