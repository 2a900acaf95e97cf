package borgcell.cli.bench.write;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CPU time each member process of a side has used so far (user and system, as the kernel
 * counts it: in clock ticks, 10 ms on Linux), read at both ends of a measured window. Latency on
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
        pids.forEach((name, pid) -> ProcessHandle.of(pid)
                .flatMap(handle -> handle.info().totalCpuDuration())
                .ifPresent(used -> cpu.put(name, used)));
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
