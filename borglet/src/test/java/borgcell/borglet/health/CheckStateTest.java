package borgcell.borglet.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import borgcell.borglet.health.CheckState.Status;
import org.junit.jupiter.api.Test;

class CheckStateTest {

    private static final ProbeResult PASS = ProbeResult.pass("HTTP 200 on /");

    @Test
    void turnsFailingOnlyAfterTheThresholdOfFailuresInARowAndKeepsTheReasonThatTurnedIt() {
        CheckState state = new CheckState(3, 1);

        assertThat(state.record(ProbeResult.fail("HTTP 503 on /"))).isFalse();
        assertThat(state.record(ProbeResult.fail("HTTP 500 on /"))).isFalse();
        assertThat(state.status()).isEqualTo(Status.UNKNOWN);
        assertThat(state.record(ProbeResult.fail("connection refused on port web (8080)"))).isTrue();
        assertThat(state.verdict()).isEqualTo(new CheckState.Verdict(Status.FAILING, "connection refused on port web (8080)"));

        assertThat(state.record(ProbeResult.fail("HTTP 502 on /"))).as("still failing: no turn").isFalse();
        assertThat(state.reason()).as("the reason stays the one that turned it").isEqualTo("connection refused on port web (8080)");
    }

    @Test
    void aPassBetweenFailuresStartsTheCountAgain() {
        CheckState state = new CheckState(2, 1);
        state.record(PASS);

        state.record(ProbeResult.fail("a"));
        state.record(PASS);
        assertThat(state.record(ProbeResult.fail("b"))).isFalse();
        assertThat(state.status()).isEqualTo(Status.PASSING);
        assertThat(state.record(ProbeResult.fail("c"))).isTrue();
        assertThat(state.status()).isEqualTo(Status.FAILING);
    }

    @Test
    void turnsPassingAfterTheSuccessThresholdAndNotBefore() {
        CheckState state = new CheckState(1, 3);
        state.record(ProbeResult.fail("down"));

        assertThat(state.record(PASS)).isFalse();
        assertThat(state.record(PASS)).isFalse();
        assertThat(state.status()).isEqualTo(Status.FAILING);
        assertThat(state.record(PASS)).isTrue();
        assertThat(state.status()).isEqualTo(Status.PASSING);
        for (int i = 0; i < 1000; i++) {
            assertThat(state.record(PASS)).as("a steady check never turns").isFalse();
        }
    }

    @Test
    void refusesThresholdsBelowOne() {
        assertThatThrownBy(() -> new CheckState(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CheckState(1, -5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDetailIsOneShortLine() {
        ProbeResult result = ProbeResult.fail("line one\nline\ttwo\u0000" + "x".repeat(500));
        assertThat(result.detail()).doesNotContain("\n", "\t", "\u0000").hasSize(ProbeResult.MAX_DETAIL).endsWith("...");
        assertThat(ProbeResult.fail(null).detail()).isEmpty();
    }
}
