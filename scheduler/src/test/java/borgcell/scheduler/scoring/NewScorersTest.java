package borgcell.scheduler.scoring;

import static borgcell.scheduler.Fixtures.counts;
import static borgcell.scheduler.Fixtures.machine;
import static borgcell.scheduler.Fixtures.running;
import static borgcell.scheduler.Fixtures.task;
import static borgcell.scheduler.Fixtures.withAttributes;
import static borgcell.scheduler.Fixtures.withRules;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import borgcell.scheduler.Constraint;
import borgcell.scheduler.PlacementRules;
import borgcell.scheduler.Resources;
import borgcell.scheduler.SoftConstraint;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NewScorersTest {

    // --- hybrid ---

    @Test
    void hybridWithNoBalanceWeightIsBestFit() {
        var t = task("web", 0, 1, 2);
        var m = machine("m1", 4, 8).withAllocated(new Resources(1000, 1L << 30, 0, 0));
        assertThat(new Hybrid(0).score(t, m)).isCloseTo(new BestFit().score(t, m), within(1e-12));
    }

    @Test
    void hybridPrefersTheMachineLeftBalancedOverOneLeftWithStrandedRam() {
        var t = task("web", 0, 2, 1);
        var balanced = machine("bal", 4, 8).withAllocated(new Resources(1000, 5L << 30, 0, 0)); // after: 1/4 cpu, 2/8 ram free
        var stranding = machine("str", 4, 8).withAllocated(new Resources(2000, 0, 0, 0)); // after: 0 cpu, 7/8 ram free
        var hybrid = new Hybrid(0.5);
        assertThat(hybrid.score(t, balanced)).isGreaterThan(hybrid.score(t, stranding));
        assertThat(hybrid.prefers()).isEqualTo(MachinePreference.FULLER);
    }

    @Test
    void hybridRefusesAWeightOutsideZeroToOne() {
        assertThatThrownBy(() -> new Hybrid(1.5)).isInstanceOf(IllegalArgumentException.class);
    }

    // --- soft constraints ---

    @Test
    void softConstraintsScoreTheWeightedShareMet() {
        var t = withRules(task("web", 0, 1, 1), PlacementRules.prefer(
                new SoftConstraint(Constraint.eq("zone", "a"), 3), new SoftConstraint(Constraint.eq("ssd", "yes"), 1)));
        var zoneA = withAttributes(machine("m1", 4, 8), Map.of("zone", "a"));
        var both = withAttributes(machine("m2", 4, 8), Map.of("zone", "a", "ssd", "yes"));
        var neither = machine("m3", 4, 8);
        var scorer = new SoftConstraints();
        assertThat(scorer.score(t, zoneA)).isCloseTo(0.75, within(1e-12));
        assertThat(scorer.score(t, both)).isCloseTo(1.0, within(1e-12));
        assertThat(scorer.score(t, neither)).isZero();
    }

    @Test
    void aTaskWithoutPreferencesScoresZeroEverywhere() {
        assertThat(new SoftConstraints().score(task("web", 0, 1, 1), machine("m1", 4, 8))).isZero();
    }

    @Test
    void aSoftConstraintNeedsAPositiveWeight() {
        assertThatThrownBy(() -> new SoftConstraint(Constraint.eq("zone", "a"), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    // --- spreading ---

    @Test
    void spreadingPrefersTheDomainHoldingFewerOfTheJobsTasks() {
        var t = withRules(task("web", 0, 1, 1), PlacementRules.spreadOver("zone"));
        var m = machine("m1", 4, 8);
        var spread = new SpreadOverDomains();
        assertThat(spread.score(t, m, counts(0, 0))).isEqualTo(1.0);
        assertThat(spread.score(t, m, counts(0, 3))).isEqualTo(0.25);
        assertThat(spread.readsThePass(t)).isTrue();
    }

    @Test
    void aTaskThatDoesNotAskForSpreadingIsNotScoredByIt() {
        var spread = new SpreadOverDomains();
        assertThat(spread.score(task("web", 0, 1, 1), machine("m1", 4, 8), counts(0, 5))).isZero();
        assertThat(spread.readsThePass(task("web", 0, 1, 1))).isFalse();
    }

    // --- preemption cost ---

    @Test
    void fewerVictimsAlwaysCostLessThanMoreWhateverTheirPriorities() {
        double oneHigh = PreemptionCost.of(List.of(running("a", 0, 119, 1, 1, "m1")));
        double twoLow = PreemptionCost.of(List.of(running("b", 0, 0, 1, 1, "m1"), running("b", 1, 0, 1, 1, "m1")));
        assertThat(oneHigh).isGreaterThan(twoLow);
    }

    @Test
    void amongEqualCountsLowerPrioritiesCostLess() {
        double low = PreemptionCost.of(List.of(running("a", 0, 10, 1, 1, "m1")));
        double high = PreemptionCost.of(List.of(running("a", 0, 110, 1, 1, "m1")));
        assertThat(low).isGreaterThan(high);
        assertThat(PreemptionCost.of(List.of())).isEqualTo(1.0);
    }
}
