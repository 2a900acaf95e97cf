package borgcell.borglet.runtime.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One task's cgroup, {@code borg/<name>}: the Borglet makes it and sets the task's limits on
 * it, and runc makes the container's own cgroup inside it ({@link #containerPath}). Limits set
 * here bind everything below, and the counters stay readable after the container is gone,
 * since runc never removes this one; the Borglet removes it once the task has ended.
 *
 * <p>Two layouts: cgroup v1 ({@link CgroupV1}, our hosts: the controllers in v1 hierarchies,
 * an empty unified one beside them) and cgroup v2 ({@link CgroupV2}, most production hosts:
 * the controllers in the one unified hierarchy). Which one is the host's: {@code
 * cgroup.controllers} at the root of the mount is v2's.
 */
sealed interface TaskCgroup permits CgroupV1, CgroupV2 {
    Path DEFAULT_ROOT = Path.of("/sys/fs/cgroup");
    /** Where every task's cgroup lives, below the root. */
    String PARENT = "borg";
    /** The container's cgroup below the task's (where runc puts the processes). */
    String CONTAINER = "task";

    /** Empty when this host's cgroups can hold a task; else why not. */
    static Optional<String> supported(Path root) {
        return isV2(root) ? CgroupV2.supported(root) : CgroupV1.supported(root);
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
        TaskCgroup cgroup = existing(root, name);
        try {
            cgroup.makeWithLimits(ramBytes, cpuMillis, cpuLimitMillis, maxPids);
        } catch (IOException | RuntimeException e) {
            cgroup.remove(); // what was made so far
            throw e;
        }
        return cgroup;
    }

    /** A task's cgroup made earlier (by a Borglet that is gone), to read or remove. */
    static TaskCgroup existing(Path root, String name) {
        return isV2(root) ? new CgroupV2(root, name) : new CgroupV1(root, name);
    }

    private static boolean isV2(Path root) {
        return Files.exists(root.resolve("cgroup.controllers"));
    }

    /** Makes this cgroup in the layout's place and sets the limits ({@link #create} says which). */
    void makeWithLimits(long ramBytes, long cpuMillis, long cpuLimitMillis, int maxPids) throws IOException;

    /** The task's name among the cgroups below {@link #PARENT}. */
    String name();

    /** The path runc is given for the container's own cgroup, inside this one. */
    default String containerPath() {
        return "/" + PARENT + "/" + name() + "/" + CONTAINER;
    }

    /**
     * Whether the kernel's OOM killer ended the task, given whether it ended by a SIGKILL the
     * Borglet did not send.
     */
    boolean killedForMemory(boolean endedBySigkill);

    /** The memory limit as the kernel holds it (it rounds to pages), or -1 (none, or gone). */
    long memoryLimit();

    /** Memory everything in the task holds now, or -1. */
    long memoryNow();

    /** Peak memory use of everything in the task so far, or -1. */
    long memoryPeak();

    /** CPU time of everything in the task so far, in nanoseconds, or -1. */
    long cpuNanos();

    /**
     * Removes the task's cgroup (runc's, if still there, first). A cgroup with a process left in
     * it cannot be removed; the caller has made sure none is.
     */
    void remove();
}
