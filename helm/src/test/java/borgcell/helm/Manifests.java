package borgcell.helm;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Rendered manifests as fabric8's typed Kubernetes objects: a kind the model knows (StatefulSet,
 * Service, PodDisruptionBudget...) becomes its class, any other (ServiceMonitor) a
 * {@link GenericKubernetesResource}.
 */
final class Manifests {
    private static final YAMLMapper YAML = new YAMLMapper();
    private final List<HasMetadata> objects;

    private Manifests(List<HasMetadata> objects) {
        this.objects = List.copyOf(objects);
    }

    static Manifests parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        try (JsonParser parser = YAML.createParser(yaml);
             MappingIterator<KubernetesResource> documents = YAML.readValues(parser, KubernetesResource.class)) {
            while (documents.hasNext()) {
                KubernetesResource next = documents.next();
                if (next instanceof HasMetadata object) {
                    objects.add(object);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the rendered manifests are not YAML Kubernetes reads", e);
        }
        return new Manifests(objects);
    }

    List<HasMetadata> all() {
        return objects;
    }

    <T extends HasMetadata> List<T> all(Class<T> kind) {
        return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    <T extends HasMetadata> T one(Class<T> kind) {
        List<T> found = all(kind);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind.getSimpleName() + ", found " + found.size());
        }
        return found.get(0);
    }

    <T extends HasMetadata> Optional<T> named(Class<T> kind, String name) {
        return all(kind).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
    }

    List<GenericKubernetesResource> custom(String kind) {
        return all(GenericKubernetesResource.class).stream().filter(o -> kind.equals(o.getKind())).toList();
    }

    Service service(String name) {
        return named(Service.class, name).orElseThrow(() -> new AssertionError("no Service " + name));
    }

    StatefulSet masters() {
        return one(StatefulSet.class);
    }

    Optional<DaemonSet> borglets() {
        List<DaemonSet> found = all(DaemonSet.class);
        return found.isEmpty() ? Optional.empty() : Optional.of(one(DaemonSet.class));
    }

    /** Every pod template: the replicas' and the Borglets'. */
    List<PodTemplateSpec> podTemplates() {
        List<PodTemplateSpec> templates = new ArrayList<>();
        all(StatefulSet.class).forEach(s -> templates.add(s.getSpec().getTemplate()));
        all(DaemonSet.class).forEach(d -> templates.add(d.getSpec().getTemplate()));
        return templates;
    }

    /** Secrets are made outside the chart (`borg cert helm`): the chart must render none. */
    List<Secret> secrets() {
        return all(Secret.class);
    }
}
