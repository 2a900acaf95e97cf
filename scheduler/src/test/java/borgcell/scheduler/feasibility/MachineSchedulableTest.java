package borgcell.scheduler.feasibility;

import static borgcell.scheduler.Fixtures.draining;
import static borgcell.scheduler.Fixtures.machine;
import static borgcell.scheduler.Fixtures.task;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MachineSchedulableTest {

    private final MachineSchedulable check = new MachineSchedulable();

    @Test
    void anUpMachineIsAdmitted() {
        assertThat(check.check(task("web", 0, 1, 1), machine("m1", 4, 8))).isEmpty();
    }

    @Test
    void aDrainingOrDownMachineIsRejectedEvenWhenEmpty() {
        assertThat(check.check(task("web", 0, 1, 1), draining(machine("m1", 4, 8))))
                .map(Rejection::reason).contains("not schedulable (draining or down)");
    }
}
