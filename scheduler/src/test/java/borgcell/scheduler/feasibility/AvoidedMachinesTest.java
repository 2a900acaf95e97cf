package borgcell.scheduler.feasibility;

import static borgcell.scheduler.Fixtures.machine;
import static borgcell.scheduler.Fixtures.task;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class AvoidedMachinesTest {

    private final AvoidedMachines check = new AvoidedMachines();

    @Test
    void aMachineTheTaskFailedOnIsRejectedSayingSo() {
        var t = task("web", 0, 1, 1).withAvoidMachines(Set.of("m1", "m3"));
        assertThat(check.check(t, machine("m1", 4, 8))).map(Rejection::reason).contains("where the task failed before");
        assertThat(check.check(t, machine("m3", 4, 8))).isPresent();
    }

    @Test
    void everyOtherMachineIsAdmitted() {
        var t = task("web", 0, 1, 1).withAvoidMachines(Set.of("m1"));
        assertThat(check.check(t, machine("m2", 4, 8))).isEmpty();
        assertThat(check.check(task("web", 0, 1, 1), machine("m1", 4, 8))).as("a task avoiding nothing").isEmpty();
    }

    @Test
    void theAnswerHoldsForTheWholePassSoItIsCachedPerClass() {
        assertThat(check.fixedForThePass()).isTrue();
    }
}
