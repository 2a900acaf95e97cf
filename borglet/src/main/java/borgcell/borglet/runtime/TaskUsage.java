package borgcell.borglet.runtime;

/**
 * What a running task has used, as its runtime measures it (a container's cgroup).
 *
 * @param cpuNanos CPU time of all its processes since it started
 * @param memoryBytes memory it holds now (page cache included, as the kernel charges it)
 * @param memoryPeakBytes the most it has held at once
 */
public record TaskUsage(long cpuNanos, long memoryBytes, long memoryPeakBytes) {}
