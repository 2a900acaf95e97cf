package borgcell.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PriorityBandTest {

    @ParameterizedTest(name = "priority {0} is {1}")
    @CsvSource({
            "1000, MONITORING", "360, MONITORING", "359, PRODUCTION", "120, PRODUCTION", "119, BATCH",
            "100, BATCH", "99, BEST_EFFORT", "0, BEST_EFFORT", "-5, BEST_EFFORT",
    })
    void eachPriorityFallsInItsBand(int priority, PriorityBand band) {
        assertThat(PriorityBand.of(priority)).isEqualTo(band);
    }

    @Test
    void aBandPreemptsOnlyStrictlyLowerBands() {
        assertThat(PriorityBand.MONITORING.mayPreempt(PriorityBand.PRODUCTION)).isTrue();
        assertThat(PriorityBand.MONITORING.mayPreempt(PriorityBand.BEST_EFFORT)).isTrue();
        assertThat(PriorityBand.PRODUCTION.mayPreempt(PriorityBand.BATCH)).isTrue();
        assertThat(PriorityBand.PRODUCTION.mayPreempt(PriorityBand.BEST_EFFORT)).isTrue();
        assertThat(PriorityBand.BATCH.mayPreempt(PriorityBand.BEST_EFFORT)).isTrue();
    }

    @Test
    void noBandPreemptsItselfOrAHigherOne() {
        for (PriorityBand preemptor : PriorityBand.values()) {
            assertThat(preemptor.mayPreempt(preemptor)).as("%s on itself", preemptor).isFalse();
            for (PriorityBand victim : PriorityBand.values()) {
                if (victim.ordinal() < preemptor.ordinal()) {
                    assertThat(preemptor.mayPreempt(victim)).as("%s on %s", preemptor, victim).isFalse();
                }
            }
        }
        assertThat(PriorityBand.BEST_EFFORT.mayPreempt(PriorityBand.BEST_EFFORT)).isFalse();
    }
}
