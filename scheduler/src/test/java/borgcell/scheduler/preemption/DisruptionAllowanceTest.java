package borgcell.scheduler.preemption;

import static org.assertj.core.api.Assertions.assertThat;

import borgcell.scheduler.PlacedTask;
import borgcell.scheduler.PriorityBand;
import borgcell.scheduler.Resources;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DisruptionAllowanceTest {
    private static PlacedTask batch(String job, int index, long cpu) {
        return new PlacedTask(job, index, 100, new Resources(cpu, 1, 0, 0), "m1");
    }

    @Test
    void victimsAreChosenOnlyAmongJobsThatCanSpareThemAndNeverTwoOfAJobWithOneToSpare() {
        List<PlacedTask> running = List.of(batch("guarded", 0, 500), batch("guarded", 1, 500), batch("free", 0, 400));
        DisruptionAllowance budgets = new DisruptionAllowance(Map.of("guarded", 1));
        VictimSelection selection = new VictimSelection();

        var victims = selection.choose(PriorityBand.PRODUCTION, new Resources(900, 1, 0, 0), running, budgets);

        assertThat(victims).isPresent();
        assertThat(budgets.allows(victims.get())).isTrue();
        assertThat(victims.get()).extracting(PlacedTask::job).containsExactlyInAnyOrder("guarded", "free");
        assertThat(budgets.allows(List.of(running.get(0), running.get(1)))).isFalse();

        budgets.evicted(running.get(0));
        assertThat(budgets.mayLoseOne("guarded")).isFalse();
        assertThat(budgets.mayLoseOne("free")).isTrue();
        assertThat(selection.choose(PriorityBand.PRODUCTION, new Resources(900, 1, 0, 0), running, budgets)).isEmpty();
    }
}
