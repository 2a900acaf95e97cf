package borgcell.cli.bench.write;

import borgcell.cli.bench.ProcessCpu;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CPU time each member process of a side has used so far ({@link ProcessCpu}: user and
 * system, in the kernel's clock ticks), read at both ends of a measured window. Latency on
 * a small machine follows CPU: when the members burn most of the cores, every wake-up waits in
 * the run queue, so CPU per write says where a side's latency comes from better than any timer.
 *
 * @param byMember the CPU used so far by each member, by name; a member whose process is gone or
 *     does not say is left out
 */
record MemberCpu(Map<String, Duration> byMember) {

    MemberCpu {
        byMember = Map.copyOf(byMember);
    }

    static MemberCpu now(Map<String, Long> pids) {
        Map<String, Duration> cpu = new LinkedHashMap<>();
        pids.forEach((name, pid) -> {
            double seconds = ProcessCpu.seconds(pid);
            if (seconds >= 0) {
                cpu.put(name, Duration.ofNanos(Math.round(seconds * 1e9)));
            }
        });
        return new MemberCpu(cpu);
    }

    /** What each member used between {@code earlier} and this sample; members missing from either are left out. */
    Map<String, Duration> since(MemberCpu earlier) {
        Map<String, Duration> used = new LinkedHashMap<>();
        byMember.forEach((name, now) -> {
            Duration before = earlier.byMember.get(name);
            if (before != null) {
                used.put(name, now.minus(before));
            }
        });
        return used;
    }
}
