package borgcell.faults.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FaultPlanTest {

    @Test
    void theSameSeedGivesTheSameSchedule() {
        assertThat(FaultPlan.preview(42, 50)).isEqualTo(FaultPlan.preview(42, 50));
        assertThat(FaultPlan.preview(42, 50)).isNotEqualTo(FaultPlan.preview(43, 50));
    }

    @Test
    void theFirstRoundIsEveryKindOnceStartingWithALeaderKill() {
        List<FaultPlan.Step> round = FaultPlan.preview(7, 7);

        assertThat(round.getFirst().fault()).isInstanceOf(Fault.KillLeader.class);
        assertThat(round.stream().map(s -> s.fault().kind()).distinct()).hasSize(7);
    }

    @Test
    void laterFaultsAreMostlyLeaderKillsAndPausesOutlastTheElectionTimeout() {
        List<FaultPlan.Step> steps = FaultPlan.preview(3, 1000);
        Map<String, Long> kinds = steps.stream().collect(Collectors.groupingBy(s -> s.fault().kind(), Collectors.counting()));

        assertThat(kinds.get("kill-leader")).isGreaterThan(400);
        assertThat(steps).filteredOn(s -> s.fault() instanceof Fault.Pause)
                .allSatisfy(s -> assertThat(s.fault().downMillis()).isGreaterThan(2000));
        assertThat(steps).filteredOn(s -> s.fault() instanceof Fault.KillBorglet)
                .allSatisfy(s -> assertThat(s.fault().downMillis()).isGreaterThanOrEqualTo(5000));
    }
}
