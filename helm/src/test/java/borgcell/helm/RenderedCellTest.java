package borgcell.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The rendered cell, as Kubernetes objects: the replicas, their budget and names, and the
 * wiring between Services, pods and ports. Each set of values is its own release and namespace.
 */
class RenderedCellTest {

    @ParameterizedTest
    @EnumSource(ValuesCase.class)
    void theReplicasAreAStatefulSetStartedInParallelWithAVolumeEach(ValuesCase values) {
        StatefulSet masters = Manifests.parse(Chart.template(values)).masters();
        assertThat(masters.getMetadata().getName()).isEqualTo(values.fullname);
        assertThat(masters.getSpec().getReplicas()).isEqualTo(values.replicas);
        assertThat(masters.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
        assertThat(masters.getSpec().getVolumeClaimTemplates()).singleElement()
                .satisfies(claim -> assertThat(claim.getMetadata().getName()).isEqualTo("data"));
        Container master = PodSpecs.container(masters.getSpec().getTemplate(), "master");
        assertThat(master.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getName()).isEqualTo("data");
            assertThat(PodSpecs.flag(master, "--data-dir")).startsWith(m.getMountPath() + "/");
        });
        // The replica's id is its pod's name: what --peers and its certificate name.
        assertThat(PodSpecs.flag(master, "--id")).isEqualTo("$(POD_NAME)");
        assertThat(PodSpecs.env(master, "POD_NAME").getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("metadata.name");
    }

    @ParameterizedTest
    @EnumSource(ValuesCase.class)
    void aDisruptionBudgetLetsOneReplicaGoAtATime(ValuesCase values) {
        Manifests manifests = Manifests.parse(Chart.template(values));
        PodDisruptionBudget budget = manifests.one(PodDisruptionBudget.class);
        assertThat(budget.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));
        assertThat(budget.getSpec().getMinAvailable()).isNull();
        assertThat(PodSpecs.selects(budget.getSpec().getSelector().getMatchLabels(), manifests.masters().getSpec().getTemplate()))
                .as("the budget covers the replicas' pods").isTrue();
        manifests.borglets().ifPresent(borglets -> assertThat(
                PodSpecs.selects(budget.getSpec().getSelector().getMatchLabels(), borglets.getSpec().getTemplate()))
                .as("and not the Borglets'").isFalse());
    }

    /** --peers names every replica by the DNS name the StatefulSet and its headless Service give its pod. */
    @ParameterizedTest
    @EnumSource(ValuesCase.class)
    void thePeerListIsTheStatefulSetsStableNames(ValuesCase values) {
        Manifests manifests = Manifests.parse(Chart.template(values));
        StatefulSet masters = manifests.masters();
        Container master = PodSpecs.container(masters.getSpec().getTemplate(), "master");
        List<Peer> peers = Peer.parseList(PodSpecs.flag(master, "--peers"));

        String governing = masters.getSpec().getServiceName();
        List<Peer> expected = IntStream.range(0, masters.getSpec().getReplicas()).mapToObj(i -> new Peer(
                masters.getMetadata().getName() + "-" + i,
                masters.getMetadata().getName() + "-" + i + "." + governing + "." + values.namespace + ".svc."
                        + values.clusterDomain,
                PodSpecs.port(master, "raft"), PodSpecs.port(master, "grpc"), PodSpecs.port(master, "http"))).toList();
        assertThat(peers).isEqualTo(expected);

        Service headless = manifests.service(governing);
        assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
        // Readiness waits for the group, and the group for these names: they exist before it.
        assertThat(headless.getSpec().getPublishNotReadyAddresses()).isTrue();
        assertThat(PodSpecs.selects(headless.getSpec().getSelector(), masters.getSpec().getTemplate())).isTrue();

        // The Borglets dial each replica's gRPC port by the same names.
        manifests.borglets().ifPresent(borglets -> assertThat(PodSpecs.flag(
                PodSpecs.container(borglets.getSpec().getTemplate(), "borglet"), "--masters"))
                .isEqualTo(String.join(",", peers.stream().map(p -> p.host() + ":" + p.grpcPort()).toList())));
    }

    /** Each Service selects pods of the chart, and each of its ports reaches a port those pods declare. */
    @ParameterizedTest
    @EnumSource(ValuesCase.class)
    void everyServicePortReachesADeclaredContainerPort(ValuesCase values) {
        Manifests manifests = Manifests.parse(Chart.template(values));
        for (Service service : manifests.all(Service.class)) {
            List<PodTemplateSpec> selected = manifests.podTemplates().stream()
                    .filter(t -> PodSpecs.selects(service.getSpec().getSelector(), t)).toList();
            assertThat(selected).as("pods of Service %s", service.getMetadata().getName()).singleElement();
            for (ServicePort port : service.getSpec().getPorts()) {
                assertThat(PodSpecs.declares(selected.get(0), port.getTargetPort()))
                        .as("Service %s port %s targets %s", service.getMetadata().getName(), port.getName(),
                                port.getTargetPort().getValue())
                        .isTrue();
            }
        }
    }

    /** Probes and the ports the daemons are told to serve on are the ports the pods declare. */
    @ParameterizedTest
    @EnumSource(ValuesCase.class)
    void probesAndFlagsUseDeclaredPorts(ValuesCase values) {
        Manifests manifests = Manifests.parse(Chart.template(values));
        for (PodTemplateSpec template : manifests.podTemplates()) {
            for (Container c : template.getSpec().getContainers()) {
                PodSpecs.probes(c).forEach(probe -> assertThat(PodSpecs.declares(template, PodSpecs.probePort(probe)))
                        .as("%s's probe port", c.getName()).isTrue());
            }
        }
        manifests.borglets().ifPresent(borglets -> {
            Container borglet = PodSpecs.container(borglets.getSpec().getTemplate(), "borglet");
            assertThat(Integer.parseInt(PodSpecs.flag(borglet, "--http-port"))).isEqualTo(PodSpecs.port(borglet, "http"));
        });
    }

    /** The machine id is the node's name, and the Borglet's address is the name its pod gets from its Service. */
    @ParameterizedTest
    @EnumSource(ValuesCase.class)
    void aBorgletIsItsNode(ValuesCase values) {
        Manifests manifests = Manifests.parse(Chart.template(values));
        DaemonSet borglets = manifests.borglets().orElseThrow();
        PodTemplateSpec template = borglets.getSpec().getTemplate();
        Container borglet = PodSpecs.container(template, "borglet");
        assertThat(PodSpecs.flag(borglet, "--id")).isEqualTo("$(NODE_NAME)");
        assertThat(PodSpecs.env(borglet, "NODE_NAME").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("spec.nodeName");

        String subdomain = template.getSpec().getSubdomain();
        Service named = manifests.service(subdomain);
        assertThat(named.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(PodSpecs.selects(named.getSpec().getSelector(), template)).isTrue();
        assertThat(PodSpecs.flag(borglet, "--address"))
                .isEqualTo("$(POD_NAME)." + subdomain + ".$(POD_NAMESPACE).svc." + values.clusterDomain);
    }

    @ParameterizedTest
    @EnumSource(ValuesCase.class)
    void theChartMakesNoSecretsOfItsOwn(ValuesCase values) {
        // Keys stay out of helm's release records: the Secrets of `borg cert helm` are applied beside it.
        assertThat(Manifests.parse(Chart.template(values)).secrets()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(ValuesCase.class)
    void everyDaemonSecuresItsLinksAsTheValuesSay(ValuesCase values) {
        Manifests manifests = Manifests.parse(Chart.template(values));
        boolean tls = values != ValuesCase.TRIAL;
        for (PodTemplateSpec template : manifests.podTemplates()) {
            Container c = template.getSpec().getContainers().get(0);
            if (tls) {
                assertThat(PodSpecs.flag(c, "--tls-dir")).isEqualTo("/etc/borg/tls");
                assertThat(c.getArgs()).doesNotContain("--insecure");
            } else {
                assertThat(c.getArgs()).contains("--insecure").doesNotContain("--tls-dir");
            }
            PodSpecs.probes(c).stream().filter(p -> p.getHttpGet() != null).forEach(p ->
                    assertThat(p.getHttpGet().getScheme()).isEqualTo(tls ? "HTTPS" : "HTTP"));
        }
    }

    /** What {@code borg master --peers} takes, read as PeerAddress.parse reads it. */
    record Peer(String id, String host, int raftPort, int grpcPort, int httpPort) {
        static List<Peer> parseList(String text) {
            return java.util.Arrays.stream(text.split(",")).map(item -> {
                int at = item.indexOf('@');
                String[] parts = item.substring(at + 1).split(":");
                assertThat(parts).as("%s is ID@HOST:RAFT:GRPC:HTTP", item).hasSize(4);
                return new Peer(item.substring(0, at), parts[0], Integer.parseInt(parts[1]),
                        Integer.parseInt(parts[2]), Integer.parseInt(parts[3]));
            }).toList();
        }
    }
}
