package borgcell.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeartbeatBenchPartsTest {

    @Test
    void cpuTimeIsUserPlusSystemTicksEvenWhenTheCommandNameHoldsSpacesAndParentheses() {
        String stat = "4242 (java (r1) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 30 0 100 0 0";

        assertThat(ProcessCpu.parse(stat)).isEqualTo(300.0 / ProcessCpu.TICKS_PER_SECOND);
    }

    @Test
    void thisProcessHasUsedSomeCpuAndAShareIsOfAllCores() {
        assertThat(ProcessCpu.seconds(ProcessHandle.current().pid())).isPositive();
        assertThat(ProcessCpu.seconds(Long.MAX_VALUE)).as("no such process").isEqualTo(-1);
        assertThat(ProcessCpu.share(10, 13, 3, 2)).isEqualTo(0.5);
        assertThat(ProcessCpu.share(-1, 13, 3, 2)).isEqualTo(-1);
    }

    @Test
    void machinesMarkedDownAreReadFromEveryReplicasLog(@TempDir Path dir) throws Exception {
        Path r1 = Files.writeString(dir.resolve("r1.log"), """
                2026-11-30T21:00:30.671Z  INFO 1 --- [borgmaster] [eader-duties-r1] borgcell.master.leader.LeaderDuties      : machine hollow-00060 missed 3 heartbeats (3316 ms); marking it down
                some other line about machine hollow-00001
                """);
        Path r2 = Files.writeString(dir.resolve("r2.log"), """
                ... machine m2 missed 3 heartbeats (6012 ms); marking it down
                ... machine hollow-00060 missed 3 heartbeats (7001 ms); marking it down
                """);

        assertThat(DownMarks.in(List.of(r1, r2, dir.resolve("missing.log")))).containsExactly("hollow-00060", "m2");
    }
}
