package borgcell.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * helm reads only files inside the chart, and `helm package` follows no symlink out of it, so the
 * chart keeps copies of dashboards/: this fails the build the moment a copy and its original part.
 */
class ChartCopiesTest {
    private static final String FIX = "the chart's copies differ from dashboards/: run%n"
            + "  cp dashboards/grafana/*.json helm/borg/dashboards/ && "
            + "cp dashboards/prometheus/{alerts,recording}.yml helm/borg/rules/";

    @Test
    void theChartsDashboardsAreDashboardsGrafana() throws Exception {
        assertThat(MonitoringTest.files(Chart.DIR.resolve("dashboards"), ""))
                .as(FIX).isEqualTo(MonitoringTest.files(Chart.REPOSITORY.resolve("dashboards/grafana"), ".json"));
    }

    @Test
    void theChartsRulesAreDashboardsPrometheus() throws Exception {
        Path rules = Chart.REPOSITORY.resolve("dashboards/prometheus");
        var originals = MonitoringTest.files(rules, ".yml");
        originals.keySet().retainAll(java.util.Set.of("alerts.yml", "recording.yml"));
        assertThat(MonitoringTest.files(Chart.DIR.resolve("rules"), "")).as(FIX).isEqualTo(originals);
    }
}
