package borgcell.scheduler.preemption;

import static borgcell.scheduler.Fixtures.cores;
import static borgcell.scheduler.Fixtures.running;
import static org.assertj.core.api.Assertions.assertThat;

import borgcell.scheduler.PriorityBand;
import borgcell.scheduler.PlacedTask;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VictimSelectionTest {

    private final VictimSelection selection = new VictimSelection();

    private static List<PlacedTask> sorted(PlacedTask... tasks) {
        var list = new ArrayList<>(List.of(tasks));
        list.sort(PlacedTask.EVICTION_ORDER);
        return list;
    }

    @Test
    void oneBigVictimBeatsTwoSmallCheaperOnes() {
        var onMachine = sorted(running("be", 0, 10, 1, 1, "m1"), running("be", 1, 10, 1, 1, "m1"),
                running("batch", 0, 110, 2, 2, "m1"));
        assertThat(selection.choose(PriorityBand.PRODUCTION, cores(2, 2), onMachine))
                .hasValueSatisfying(v -> assertThat(v).extracting(PlacedTask::name).containsExactly("batch/0"));
    }

    @Test
    void amongEquallyFewVictimsTheLowestPriorityGoes() {
        var onMachine = sorted(running("batch", 0, 115, 2, 2, "m1"), running("be", 0, 50, 2, 2, "m1"),
                running("be", 1, 20, 2, 2, "m1"));
        assertThat(selection.choose(PriorityBand.PRODUCTION, cores(2, 2), onMachine))
                .hasValueSatisfying(v -> assertThat(v).extracting(PlacedTask::name).containsExactly("be/1"));
    }

    @Test
    void aPairIsChosenByItsHigherPriorityThenItsSum() {
        var onMachine = sorted(running("a", 0, 10, 1, 1, "m1"), running("b", 0, 90, 1, 1, "m1"),
                running("c", 0, 50, 1, 1, "m1"), running("d", 0, 60, 1, 1, "m1"));
        assertThat(selection.choose(PriorityBand.BATCH, cores(2, 2), onMachine))
                .hasValueSatisfying(v -> assertThat(v).extracting(PlacedTask::name).containsExactly("a/0", "c/0"));
    }

    @Test
    void productionNeverPicksProductionEvenWhenThatWouldBeCheapest() {
        var onMachine = sorted(running("prod", 0, 120, 4, 4, "m1"), running("be", 0, 1, 1, 1, "m1"));
        assertThat(selection.choose(PriorityBand.PRODUCTION, cores(2, 2), onMachine)).isEmpty();
        assertThat(selection.choose(PriorityBand.MONITORING, cores(2, 2), onMachine))
                .hasValueSatisfying(v -> assertThat(v).extracting(PlacedTask::name).containsExactly("prod/0"));
    }

    @Test
    void manyVictimsAreFoundAndNoneIsEvictedNeedlessly() {
        var tasks = new ArrayList<PlacedTask>();
        for (int i = 0; i < 8; i++) {
            tasks.add(running("be", i, i, 1, 1, "m1"));
        }
        var victims = selection.choose(PriorityBand.BATCH, cores(3, 3), sorted(tasks.toArray(PlacedTask[]::new)));
        assertThat(victims).hasValueSatisfying(v -> assertThat(v).hasSize(3));
    }

    @Test
    void whenEvenEveryAllowedVictimIsNotEnoughNoneIsChosen() {
        var onMachine = sorted(running("be", 0, 1, 1, 1, "m1"), running("be", 1, 1, 1, 1, "m1"));
        assertThat(selection.choose(PriorityBand.PRODUCTION, cores(3, 1), onMachine)).isEmpty();
    }
}
