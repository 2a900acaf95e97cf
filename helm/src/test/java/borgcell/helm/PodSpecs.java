package borgcell.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/** Reading pod templates as the kubelet and a Service would: containers, flags, ports, probes. */
final class PodSpecs {
    private PodSpecs() {}

    static Container container(PodTemplateSpec template, String name) {
        return template.getSpec().getContainers().stream().filter(c -> c.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no container " + name));
    }

    /** The argument after {@code flag}; the flag must be given exactly once. */
    static String flag(Container c, String flag) {
        List<String> args = c.getArgs();
        assertThat(args.stream().filter(flag::equals).count()).as("%s given once to %s", flag, c.getName()).isEqualTo(1);
        return args.get(args.indexOf(flag) + 1);
    }

    static EnvVar env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " has no variable " + name));
    }

    /** The number of the container's port of that name. */
    static int port(Container c, String name) {
        return c.getPorts().stream().filter(p -> name.equals(p.getName())).map(ContainerPort::getContainerPort)
                .findFirst().orElseThrow(() -> new AssertionError(c.getName() + " declares no port " + name));
    }

    /** Whether a port, by name or number, is one some container of the pod declares. */
    static boolean declares(PodTemplateSpec template, IntOrString port) {
        return template.getSpec().getContainers().stream().flatMap(c -> c.getPorts().stream())
                .anyMatch(p -> port.getIntVal() != null ? Objects.equals(p.getContainerPort(), port.getIntVal())
                        : Objects.equals(p.getName(), port.getStrVal()));
    }

    /** Whether a selector picks the template's pods: every label it names, with its value. */
    static boolean selects(Map<String, String> selector, PodTemplateSpec template) {
        Map<String, String> labels = template.getMetadata().getLabels();
        return selector != null && !selector.isEmpty()
                && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    static List<Probe> probes(Container c) {
        return Stream.of(c.getStartupProbe(), c.getLivenessProbe(), c.getReadinessProbe()).filter(Objects::nonNull).toList();
    }

    static IntOrString probePort(Probe probe) {
        if (probe.getHttpGet() != null) {
            return probe.getHttpGet().getPort();
        }
        if (probe.getTcpSocket() != null) {
            return probe.getTcpSocket().getPort();
        }
        throw new AssertionError("a probe that is neither HTTP nor TCP: " + probe);
    }
}
