package borgcell.scheduler.feasibility;

import static borgcell.scheduler.Fixtures.counts;
import static borgcell.scheduler.Fixtures.machine;
import static borgcell.scheduler.Fixtures.task;
import static borgcell.scheduler.Fixtures.withRules;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import borgcell.scheduler.PlacementRules;
import org.junit.jupiter.api.Test;

class JobLimitsTest {

    private final TasksPerMachineLimit perMachine = new TasksPerMachineLimit();
    private final TasksPerDomainLimit perDomain = new TasksPerDomainLimit();

    @Test
    void aMachineHoldingFewerThanTheLimitIsAdmitted() {
        var t = withRules(task("web", 0, 1, 1), PlacementRules.atMostPerMachine(2));
        assertThat(perMachine.check(t, machine("m1", 4, 8), counts(1, 0))).isEmpty();
    }

    @Test
    void aMachineAtTheLimitIsRejectedNamingIt() {
        var t = withRules(task("web", 0, 1, 1), PlacementRules.atMostPerMachine(2));
        assertThat(perMachine.check(t, machine("m1", 4, 8), counts(2, 0)))
                .map(Rejection::reason).contains("job already has 2 task(s) on the machine");
    }

    @Test
    void aDomainAtTheLimitIsRejectedNamingTheAttribute() {
        var t = withRules(task("web", 0, 1, 1), PlacementRules.atMostPerDomain("rack", 3));
        assertThat(perDomain.check(t, machine("m1", 4, 8), counts(0, 2))).isEmpty();
        assertThat(perDomain.check(t, machine("m1", 4, 8), counts(0, 3)))
                .map(Rejection::reason).contains("job already has 3 task(s) in the rack");
    }

    @Test
    void withoutALimitNothingIsCounted() {
        var t = task("web", 0, 1, 1);
        assertThat(perMachine.check(t, machine("m1", 4, 8), counts(99, 99))).isEmpty();
        assertThat(perDomain.check(t, machine("m1", 4, 8), counts(99, 99))).isEmpty();
    }

    @Test
    void aLimitPerDomainWithoutTheDomainAttributeIsRefused() {
        assertThatThrownBy(() -> new PlacementRules(0, null, 2, null, java.util.List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rack");
        assertThatThrownBy(() -> PlacementRules.atMostPerMachine(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
