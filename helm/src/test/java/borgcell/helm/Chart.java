package borgcell.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;

/** The chart in helm/borg, linted and rendered by helm itself. Tests run with helm/ as the directory. */
final class Chart {
    static final Path DIR = Path.of("borg").toAbsolutePath();
    /** The repository's root: dashboards/, borgmaster/ and the rest beside helm/. */
    static final Path REPOSITORY = DIR.getParent().getParent();
    private static final YAMLMapper YAML = new YAMLMapper();
    /** What helm template renders for (its own default is older than Chart.yaml's kubeVersion allows). */
    static final String KUBE_VERSION = "v1.31.0";

    private Chart() {}

    /** {@code helm template RELEASE helm/borg -n NAMESPACE [-f VALUES]}: every manifest, as one YAML stream. */
    static String template(ValuesCase values) {
        HelmBinary.require();
        TemplateCommand template = new Helm(DIR).template().withName(values.release).withNamespace(values.namespace)
                .withKubeVersion(KUBE_VERSION);
        values.valuesFile().ifPresent(template::withValuesFile);
        return template.call();
    }

    /**
     * {@code helm lint --strict} with the case's values. helm-java's lint takes no values file, so
     * it lints a copy of the chart whose values.yaml has the case's merged over the defaults, as
     * helm merges them (maps key by key, anything else replaced).
     */
    static LintResult lint(ValuesCase values, Path scratch) throws IOException {
        HelmBinary.require();
        Path chart = DIR;
        if (values.valuesFile().isPresent()) {
            chart = scratch.resolve("borg");
            copy(DIR, chart);
            JsonNode merged = merge(YAML.readTree(DIR.resolve("values.yaml").toFile()),
                    YAML.readTree(values.valuesFile().get().toFile()));
            YAML.writeValue(chart.resolve("values.yaml").toFile(), merged);
        }
        return new Helm(chart).lint().strict().call();
    }

    private static JsonNode merge(JsonNode base, JsonNode over) {
        if (!(base instanceof ObjectNode into) || !over.isObject()) {
            return over;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = over.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode existing = into.get(e.getKey());
            into.set(e.getKey(), existing == null ? e.getValue() : merge(existing, e.getValue()));
        }
        return into;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            files.forEach(source -> {
                try {
                    Path target = to.resolve(from.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
