package borgcell.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import borgcell.scheduler.ScoringPolicy;
import org.junit.jupiter.api.Test;

/** The bench at a small size, its figures checked for sanity; the full size is a command. */
class BenchTest {

    private static final BenchReport REPORT = Bench.run(
            new Bench.Options(500, 5_000, 1, 1_000, 32, ScoringPolicy.BEST_FIT, 3, 200, false));

    @Test
    void mostOfTheWorkloadIsPlacedAndWhatIsNotIsExplained() {
        // Not all: at 500 machines a job of a thousand tasks allowing one per machine cannot fit.
        assertThat(REPORT.placed()).isGreaterThan(3_750);
        assertThat(REPORT.placed() + REPORT.unplaced()).isEqualTo(5_000);
        assertThat(REPORT.unplaced() == 0 || REPORT.pendingClasses() > 0).isTrue();
        assertThat(REPORT.use().cpu()).isBetween(0.5, 0.85);
    }

    @Test
    void theScaledSearchIsFasterThanTheExhaustiveOneAndPacksAboutAsWell() {
        assertThat(REPORT.speedup()).isGreaterThan(1);
        assertThat(REPORT.prefixPlaced()).isEqualTo(REPORT.baselinePlaced());
        assertThat(REPORT.machinesUsedRatio()).isBetween(0.9, 1.1);
    }

    @Test
    void theOnlinePassesAreTimed() {
        assertThat(REPORT.onlinePassMsP99()).isPositive().isGreaterThanOrEqualTo(REPORT.onlinePassMsP50());
    }

    @Test
    void theReportEndsInOneLineOfJsonWithTheFiguresAsked() {
        assertThat(REPORT.json()).startsWith("{").endsWith("}").doesNotContain("\n")
                .contains("\"machines\":500", "\"tasks\":5000", "\"placed\":", "\"placements_per_sec\":",
                        "\"baseline_placements_per_sec\":", "\"speedup\":", "\"utilization_cpu\":", "\"utilization_ram\":",
                        "\"baseline_utilization_cpu\":", "\"machines_used\":", "\"baseline_machines_used\":",
                        "\"online_pass_ms_p99\":", "\"seed\":1", "\"cores\":");
        assertThat(REPORT.table()).contains("exhaustive, prefix", "scaled, all tasks", "speedup");
    }

    @Test
    void theSameSeedPlacesTheSame() {
        var again = Bench.run(new Bench.Options(500, 5_000, 1, 1_000, 32, ScoringPolicy.BEST_FIT, 0, 1, false));
        assertThat(again.placed()).isEqualTo(REPORT.placed());
        assertThat(again.use()).isEqualTo(REPORT.use());
        assertThat(again.baselineUse()).isEqualTo(REPORT.baselineUse());
    }

    @Test
    void nonsenseOptionsAreRefused() {
        assertThatThrownBy(() -> new Bench.Options(0, 5, 1, 1, 1, ScoringPolicy.BEST_FIT, 0, 1, false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void percentilesPickTheRankedValue() {
        double[] v = {5, 1, 3, 2, 4};
        assertThat(Percentile.of(v, 0.5)).isEqualTo(3);
        assertThat(Percentile.of(v, 0.99)).isEqualTo(5);
        assertThat(Percentile.of(new double[0], 0.99)).isZero();
    }
}
