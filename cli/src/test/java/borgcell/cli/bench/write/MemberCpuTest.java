package borgcell.cli.bench.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemberCpuTest {

    @Test
    void readsTheCpuAProcessUsedBetweenTwoSamplesAndLeavesOutProcessesThatAreGone() throws Exception {
        long self = ProcessHandle.current().pid();
        Process exited = new ProcessBuilder("true").start();
        exited.waitFor();
        Map<String, Long> pids = Map.of("me", self, "gone", exited.pid());

        MemberCpu before = MemberCpu.now(pids);
        long until = System.nanoTime() + Duration.ofMillis(300).toNanos();
        long spin = 0;
        while (System.nanoTime() < until) {
            spin++;
        }
        Map<String, Duration> used = MemberCpu.now(pids).since(before);

        assertThat(spin).isPositive();
        assertThat(used).containsOnlyKeys("me");
        // The kernel counts in 10 ms ticks; 300 ms of spinning is well over a few of them.
        assertThat(used.get("me")).isGreaterThanOrEqualTo(Duration.ofMillis(150));
    }
}
