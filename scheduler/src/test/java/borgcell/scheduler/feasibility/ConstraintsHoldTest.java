package borgcell.scheduler.feasibility;

import static borgcell.scheduler.Fixtures.machine;
import static borgcell.scheduler.Fixtures.task;
import static borgcell.scheduler.Fixtures.withAttributes;
import static borgcell.scheduler.Fixtures.withConstraints;
import static org.assertj.core.api.Assertions.assertThat;

import borgcell.scheduler.Constraint;
import borgcell.scheduler.MachineView;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConstraintsHoldTest {

    private final ConstraintsHold check = new ConstraintsHold();
    private final MachineView m =
            withAttributes(machine("m1", 4, 8), Map.of("zone", "a", "kernel", "6.1"));

    @Test
    void aTaskWithoutConstraintsFitsAnyMachine() {
        assertThat(check.check(task("web", 0, 1, 1), m)).isEmpty();
    }

    @Test
    void aMachineMeetingEveryConstraintIsAdmitted() {
        var t = withConstraints(task("web", 0, 1, 1), Constraint.in("zone", "a", "b"), Constraint.gt("kernel", "5"));
        assertThat(check.check(t, m)).isEmpty();
    }

    @Test
    void theFirstConstraintBrokenIsTheOneReported() {
        var t = withConstraints(task("web", 0, 1, 1),
                Constraint.eq("zone", "a"), Constraint.in("zone", "b", "c"), Constraint.exists("gpu"));
        assertThat(check.check(t, m)).map(Rejection::reason).contains("constraint zone IN [b, c] not met");
    }

    @Test
    void aNonNumericBoundRejectsRatherThanThrows() {
        var t = withConstraints(task("web", 0, 1, 1), Constraint.lt("kernel", "six"));
        assertThat(check.check(t, m)).map(Rejection::reason).contains("constraint kernel LT six not met");
    }
}
