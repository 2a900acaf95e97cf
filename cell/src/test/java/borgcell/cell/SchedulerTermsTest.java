package borgcell.cell;

import static org.assertj.core.api.Assertions.assertThat;

import borgcell.api.v1.Constraint;
import borgcell.api.v1.PlacementPolicy;
import borgcell.api.v1.Preference;
import borgcell.api.v1.Resources;
import borgcell.scheduler.PlacementRules;
import org.junit.jupiter.api.Test;

/** Every field survives the trip into the scheduler's terms and back: nothing one side adds is lost on the other. */
class SchedulerTermsTest {

    @Test
    void resourcesConstraintsAndPlacementRulesRoundTrip() {
        Resources resources = Resources.newBuilder().setCpuMillis(1500).setRamBytes(3L << 30).setDiskBytes(7L << 20)
                .setPorts(4).build();
        Constraint constraint = Constraint.newBuilder().setAttribute("rack").setOp(Constraint.Operator.IN)
                .addValues("r1").addValues("r2").build();
        PlacementPolicy policy = PlacementPolicy.newBuilder().setMaxPerMachine(2).setDomainAttribute("rack")
                .setMaxPerDomain(5).setSpreadAttribute("zone")
                .addPreferences(Preference.newBuilder().setConstraint(constraint).setWeight(2.5)).build();

        assertThat(SchedulerTerms.proto(SchedulerTerms.resources(resources))).isEqualTo(resources);
        assertThat(SchedulerTerms.proto(SchedulerTerms.constraint(constraint))).isEqualTo(constraint);
        assertThat(SchedulerTerms.proto(SchedulerTerms.rules(policy))).isEqualTo(policy);
    }

    @Test
    void anUnsetPolicyHasNoRulesAndBlankAttributesAreNone() {
        assertThat(SchedulerTerms.rules(PlacementPolicy.getDefaultInstance())).isSameAs(PlacementRules.NONE);
        PlacementRules rules = SchedulerTerms.rules(PlacementPolicy.newBuilder().setMaxPerMachine(1).build());
        assertThat(rules.domainAttribute()).isNull();
        assertThat(rules.spreadAttribute()).isNull();
    }
}
