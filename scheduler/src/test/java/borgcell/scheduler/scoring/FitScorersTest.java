package borgcell.scheduler.scoring;

import static borgcell.scheduler.Fixtures.machine;
import static borgcell.scheduler.Fixtures.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import borgcell.scheduler.MachineView;
import borgcell.scheduler.Resources;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FitScorersTest {

    private final BestFit bestFit = new BestFit();
    private final WorstFit worstFit = new WorstFit();

    @Test
    void theScoreIsTheMeanFreeShareOfCpuAndRamAfterPlacement() {
        // After placing 1 core / 2 GiB on an empty 4-core / 8-GiB machine, 3/4 of each is free.
        var t = task("web", 0, 1, 2);
        var m = machine("m1", 4, 8);
        assertThat(worstFit.score(t, m)).isCloseTo(0.75, within(1e-12));
        assertThat(bestFit.score(t, m)).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void cpuAndRamWeighTheSameWhateverTheirUnits() {
        // All cpu taken, no ram: half the machine is still free.
        assertThat(worstFit.score(task("web", 0, 4, 0), machine("m1", 4, 8))).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void bestFitLikesTheFullerMachineAndWorstFitTheEmptierOne() {
        var t = task("web", 0, 1, 1);
        var empty = machine("empty", 4, 8);
        var busy = empty.withAllocated(new Resources(2000, 4L << 30, 0, 0));
        assertThat(bestFit.score(t, busy)).isGreaterThan(bestFit.score(t, empty));
        assertThat(worstFit.score(t, empty)).isGreaterThan(worstFit.score(t, busy));
    }

    @Test
    void aMachineWithNoCapacityInADimensionScoresAsANumber() {
        var noRam = new MachineView("m1", 1, new Resources(4000, 0, 0, 0), Resources.ZERO,
                Set.of("process"), Map.of(), true);
        assertThat(worstFit.score(task("web", 0, 1, 0), noRam)).isCloseTo(0.375, within(1e-12));
        assertThat(bestFit.score(task("web", 0, 1, 0), noRam)).isNotNaN();
    }
}
