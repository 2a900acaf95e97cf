package borgcell.faults.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FiguresTest {

    private static Figures figures(int lost, int duplicated, int violations) {
        return new Figures(100, 40, lost, duplicated, violations, 3, 1800, 2500, 2600, 900, 4000, 20000, 7, 2.0, 2, 1, 41, 0,
                900, 1200, 9000, 1, 0, Map.of("kill-leader", 3));
    }

    @Test
    void theJsonLineCarriesTheFieldsTheIssueAsksForOnOneLine() {
        String json = figures(0, 0, 0).json();

        assertThat(json).doesNotContain("\n").startsWith("{").endsWith("}}");
        assertThat(json).contains("\"operations\":100", "\"acknowledged\":40", "\"lost\":0", "\"duplicated\":0",
                "\"violations\":0", "\"leader_kills\":3", "\"failover_ms_p50\":1800", "\"failover_ms_p99\":2500",
                "\"failover_ms_max\":2600", "\"election_ms_p99\":900", "\"reschedule_ms_p99\":4000", "\"full_restart_ms\":20000", "\"seed\":7",
                "\"minutes\":2.0", "\"cores\":2", "\"wipes_by_snapshot\":1", "\"faults\":{\"kill-leader\":3}");
    }

    @Test
    void anyLossDuplicateOrViolationIsUnsafe() {
        assertThat(figures(0, 0, 0).safe()).isTrue();
        assertThat(figures(1, 0, 0).safe()).isFalse();
        assertThat(figures(0, 1, 0).safe()).isFalse();
        assertThat(figures(0, 0, 1).safe()).isFalse();
    }

    @Test
    void percentilesAreNearestRankAndMinusOneWithoutSamples() {
        List<Long> samples = List.of(5L, 1L, 4L, 2L, 3L);

        assertThat(Percentiles.of(samples, 50)).isEqualTo(3);
        assertThat(Percentiles.of(samples, 99)).isEqualTo(5);
        assertThat(Percentiles.of(samples, 100)).isEqualTo(5);
        assertThat(Percentiles.of(List.of(), 99)).isEqualTo(-1);
    }
}
