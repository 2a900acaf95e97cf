package borgcell.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The dashboards for Grafana's sidecar, the rules, and the ServiceMonitors that feed them. */
class MonitoringTest {
    private static final Path GRAFANA = Chart.REPOSITORY.resolve("dashboards/grafana");
    private static final Path PROMETHEUS = Chart.REPOSITORY.resolve("dashboards/prometheus");
    private static final YAMLMapper YAML = new YAMLMapper();

    @ParameterizedTest
    @EnumSource(value = ValuesCase.class, names = {"DEFAULTS", "PRODUCTION"})
    void theDashboardsConfigMapHoldsEveryDashboardForTheSidecar(ValuesCase values) throws Exception {
        ConfigMap dashboards = Manifests.parse(Chart.template(values)).one(ConfigMap.class);
        assertThat(dashboards.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        assertThat(dashboards.getData()).isEqualTo(files(GRAFANA, ".json"));
    }

    @ParameterizedTest
    @EnumSource(value = ValuesCase.class, names = "TRIAL")
    void noDashboardsWhenTurnedOff(ValuesCase values) {
        assertThat(Manifests.parse(Chart.template(values)).all(ConfigMap.class)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = ValuesCase.class, names = "PRODUCTION")
    void thePrometheusRuleHoldsTheRulesGroups(ValuesCase values) throws Exception {
        GenericKubernetesResource rule = Manifests.parse(Chart.template(values)).custom("PrometheusRule").getFirst();
        JsonNode spec = YAML.valueToTree(rule.getAdditionalProperties().get("spec"));
        List<JsonNode> expected = Stream.of("recording.yml", "alerts.yml")
                .flatMap(f -> stream(read(PROMETHEUS.resolve(f)).get("groups"))).toList();
        assertThat(stream(spec.get("groups")).toList()).isEqualTo(expected);
    }

    /**
     * Each ServiceMonitor picks one Service with the port it scrapes, and labels the job as the
     * rules and dashboards select it (job="borgmaster", job="borglet").
     */
    @ParameterizedTest
    @EnumSource(value = ValuesCase.class, names = "PRODUCTION")
    void serviceMonitorsScrapeEachDaemonUnderTheJobTheRulesName(ValuesCase values) throws Exception {
        Manifests manifests = Manifests.parse(Chart.template(values));
        Set<String> jobs = new TreeSet<>();
        for (GenericKubernetesResource monitor : manifests.custom("ServiceMonitor")) {
            JsonNode spec = YAML.valueToTree(monitor.getAdditionalProperties().get("spec"));
            Map<String, String> selector = YAML.convertValue(spec.at("/selector/matchLabels"), Map.class);
            List<Service> picked = manifests.all(Service.class).stream()
                    .filter(s -> s.getMetadata().getLabels().entrySet().containsAll(selector.entrySet())).toList();
            assertThat(picked).as("Services %s picks", monitor.getMetadata().getName()).singleElement();
            for (JsonNode endpoint : spec.get("endpoints")) {
                assertThat(picked.get(0).getSpec().getPorts()).anySatisfy(p ->
                        assertThat(p.getName()).isEqualTo(endpoint.get("port").asText()));
                stream(endpoint.get("relabelings")).filter(r -> r.get("targetLabel").asText().equals("job"))
                        .forEach(r -> jobs.add(r.get("replacement").asText()));
            }
        }
        assertThat(jobs).isEqualTo(jobsTheRulesAndDashboardsUse());
    }

    private static Set<String> jobsTheRulesAndDashboardsUse() throws Exception {
        Set<String> jobs = new TreeSet<>();
        Pattern job = Pattern.compile("job=\\\\?\"([a-z]+)\\\\?\"");
        for (Path dir : List.of(GRAFANA, PROMETHEUS)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> !p.getFileName().toString().endsWith("_test.yml")).toList()) {
                    Matcher m = job.matcher(Files.readString(f));
                    while (m.find()) {
                        jobs.add(m.group(1));
                    }
                }
            }
        }
        return jobs;
    }

    static Map<String, String> files(Path dir, String suffix) throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path f : list.filter(p -> p.toString().endsWith(suffix)).toList()) {
                files.put(f.getFileName().toString(), Files.readString(f));
            }
        }
        return files;
    }

    private static JsonNode read(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        return array == null ? Stream.empty() : java.util.stream.StreamSupport.stream(array.spliterator(), false);
    }
}
