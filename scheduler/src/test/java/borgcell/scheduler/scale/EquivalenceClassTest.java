package borgcell.scheduler.scale;

import static borgcell.scheduler.Fixtures.task;
import static borgcell.scheduler.Fixtures.withConstraints;
import static borgcell.scheduler.Fixtures.withPriority;
import static borgcell.scheduler.Fixtures.withRules;
import static org.assertj.core.api.Assertions.assertThat;

import borgcell.scheduler.Constraint;
import borgcell.scheduler.PlacementRules;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EquivalenceClassTest {

    @Test
    void tasksWithIdenticalRequirementsShareAClassAcrossJobs() {
        var g = EquivalenceClass.group(List.of(task("a", 0, 1, 1), task("a", 1, 1, 1), task("b", 0, 1, 1)));
        assertThat(g.classes()).hasSize(1);
        assertThat(g.classOf()).containsExactly(0, 0, 0);
        assertThat(g.sizes()).containsExactly(3);
    }

    @Test
    void anyDifferenceInRequirementsMakesAnotherClass() {
        var g = EquivalenceClass.group(List.of(
                task("a", 0, 1, 1),
                task("a", 1, 2, 1),
                withPriority(task("a", 2, 1, 1), 200),
                withConstraints(task("a", 3, 1, 1), Constraint.eq("zone", "a")),
                task("a", 4, 1, 1)));
        assertThat(g.classOf()).containsExactly(0, 1, 2, 3, 0);
    }

    @Test
    void jobsWhoseTasksDependOnEachOtherAreClassesOfTheirOwn() {
        var rules = PlacementRules.atMostPerMachine(1);
        var g = EquivalenceClass.group(List.of(
                withRules(task("a", 0, 1, 1), rules), withRules(task("a", 1, 1, 1), rules),
                withRules(task("b", 0, 1, 1), rules)));
        assertThat(g.classOf()).containsExactly(0, 0, 1);
    }

    @Test
    void tasksAvoidingDifferentMachinesNeverShareAClass() {
        var g = EquivalenceClass.group(List.of(
                task("a", 0, 1, 1),
                task("a", 1, 1, 1).withAvoidMachines(Set.of("m1")),
                task("a", 2, 1, 1).withAvoidMachines(Set.of("m2")),
                task("a", 3, 1, 1).withAvoidMachines(Set.of("m1")),
                task("a", 4, 1, 1)));
        assertThat(g.classOf()).as("equal sets meet again, different ones never")
                .containsExactly(0, 1, 2, 1, 0);
    }
}
