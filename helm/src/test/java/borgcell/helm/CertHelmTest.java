package borgcell.helm;

import static org.assertj.core.api.Assertions.assertThat;

import borgcell.trust.CellCa;
import borgcell.trust.Identity;
import borgcell.trust.MutualTls;
import borgcell.trust.Role;
import borgcell.trust.TlsFiles;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code borg cert helm} makes the Secrets the chart mounts, holding the files each daemon looks for, with
 * certificates the cell's own code takes: of the CA, naming the daemon's identity, with a key
 * that is the certificate's, and naming the addresses the chart has it dialled at.
 */
class CertHelmTest {
    private static final List<String> NODES = List.of("node-a", "worker-2.example.internal");

    /** Every Secret a pod of the chart mounts, or a ServiceMonitor reads, is one the command makes, with the keys used. */
    @ParameterizedTest
    @EnumSource(ValuesCase.class)
    void everySecretTheChartReferencesIsMadeWithItsKeys(ValuesCase values) throws Exception {
        Manifests manifests = Manifests.parse(Chart.template(values));
        Map<String, Secret> made = CertHelm.made(values, NODES).secrets();
        for (PodTemplateSpec template : manifests.podTemplates()) {
            for (Volume volume : template.getSpec().getVolumes()) {
                if (volume.getSecret() != null) {
                    assertThat(made).as("Secrets borg cert helm makes").containsKey(volume.getSecret().getSecretName());
                }
            }
            template.getSpec().getContainers().forEach(c -> assertThat(c.getEnv())
                    .allSatisfy(e -> assertThat(e.getValueFrom() == null || e.getValueFrom().getSecretKeyRef() == null)
                            .as("no Secret through the environment").isTrue()));
        }
        for (var monitor : manifests.custom("ServiceMonitor")) {
            List<String> refs = new SecretRefs(monitor.getAdditionalProperties()).all();
            assertThat(refs).as("a ServiceMonitor of a TLS cell scrapes with a certificate").isNotEmpty();
            for (String secretKey : refs) {
                String[] nameAndKey = secretKey.split("/");
                assertThat(made).containsKey(nameAndKey[0]);
                assertThat(made.get(nameAndKey[0]).getData()).containsKey(nameAndKey[1]);
            }
        }
    }

    /** Each replica finds replica-ID.crt/.key and ca.crt in its mounted Secret, ID being its pod's name. */
    @ParameterizedTest
    @EnumSource(value = ValuesCase.class, names = {"DEFAULTS", "PRODUCTION"})
    void eachReplicaFindsItsIdentityNamingTheAddressesItIsDialledAt(ValuesCase values, @TempDir Path dir)
            throws Exception {
        Manifests manifests = Manifests.parse(Chart.template(values));
        CertHelm.Made pki = CertHelm.made(values, NODES);
        Map<String, Secret> made = pki.secrets();
        PodTemplateSpec template = manifests.masters().getSpec().getTemplate();
        Container master = PodSpecs.container(template, "master");
        Path tlsDir = CertHelm.mount(made.get(mountedSecret(template, master, PodSpecs.flag(master, "--tls-dir"))),
                dir.resolve("mounted"));
        CellCa ca = CellCa.load(pki.dir());
        for (RenderedCellTest.Peer peer : RenderedCellTest.Peer.parseList(PodSpecs.flag(master, "--peers"))) {
            TlsFiles files = TlsFiles.in(tlsDir, Identity.replica(peer.id())).requireReadable();
            assertThat(ca.holderOf(files.certificate())).isEqualTo(Identity.replica(peer.id()));
            MutualTls.of(files, null).close(); // the key is the certificate's, as the replica checks
            assertThat(names(files.certificate())).contains(peer.host(), "localhost", "127.0.0.1",
                    values.fullname + "-api." + values.namespace + ".svc");
        }
    }

    /** Each Borglet finds machine-NODE.crt/.key, its address covered by the wildcard of its Service. */
    @ParameterizedTest
    @EnumSource(value = ValuesCase.class, names = {"DEFAULTS", "PRODUCTION"})
    void eachNodesBorgletFindsItsMachineIdentity(ValuesCase values, @TempDir Path dir) throws Exception {
        Manifests manifests = Manifests.parse(Chart.template(values));
        CertHelm.Made pki = CertHelm.made(values, NODES);
        Map<String, Secret> made = pki.secrets();
        PodTemplateSpec template = manifests.borglets().orElseThrow().getSpec().getTemplate();
        Container borglet = PodSpecs.container(template, "borglet");
        Path tlsDir = CertHelm.mount(made.get(mountedSecret(template, borglet, PodSpecs.flag(borglet, "--tls-dir"))),
                dir.resolve("mounted"));
        CellCa ca = CellCa.load(pki.dir());
        String address = PodSpecs.flag(borglet, "--address").replace("$(POD_NAMESPACE)", values.namespace);
        String wildcard = "*" + address.substring(address.indexOf('.'));
        for (String node : NODES) {
            TlsFiles files = TlsFiles.in(tlsDir, Identity.machine(node)).requireReadable();
            assertThat(ca.holderOf(files.certificate())).isEqualTo(Identity.machine(node));
            MutualTls.of(files, null).close();
            assertThat(names(files.certificate())).contains(wildcard);
        }
    }

    @ParameterizedTest
    @EnumSource(value = ValuesCase.class, names = "DEFAULTS")
    void theCliAndPrometheusGetAnAdminAndAViewer(ValuesCase values, @TempDir Path dir) throws Exception {
        CertHelm.Made pki = CertHelm.made(values, NODES);
        Map<String, Secret> made = pki.secrets();
        CellCa ca = CellCa.load(pki.dir());
        assertThat(ca.holderOf(TlsFiles.in(pki.dir(), Identity.admin("admin")).requireReadable().certificate()).role())
                .isEqualTo(Role.ADMIN);
        Path scraper = CertHelm.mount(made.get(values.fullname + "-prometheus-tls"), dir.resolve("prometheus"));
        assertThat(ca.holderOf(scraper.resolve("tls.crt"))).isEqualTo(new Identity(Role.VIEWER, "prometheus"));
        MutualTls.of(new TlsFiles(scraper.resolve("tls.crt"), scraper.resolve("tls.key"), scraper.resolve("ca.crt")), null)
                .close();
    }

    /** The Secret whose volume is mounted where {@code directory} is. */
    private static String mountedSecret(PodTemplateSpec template, Container c, String directory) {
        String volume = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(directory)).findFirst()
                .orElseThrow(() -> new AssertionError(directory + " is not mounted in " + c.getName())).getName();
        return template.getSpec().getVolumes().stream().filter(v -> v.getName().equals(volume)).findFirst()
                .orElseThrow().getSecret().getSecretName();
    }

    private static Set<String> names(Path certificate) throws Exception {
        X509Certificate cert;
        try (var in = java.nio.file.Files.newInputStream(certificate)) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        Set<String> names = new java.util.HashSet<>();
        cert.getSubjectAlternativeNames().forEach(n -> names.add(String.valueOf(n.get(1))));
        return names;
    }

    /** The secret references of a ServiceMonitor, as name/key, wherever in its spec they are. */
    record SecretRefs(Map<String, Object> resource) {
        List<String> all() {
            List<String> found = new ArrayList<>();
            walk(resource, found);
            return found;
        }

        @SuppressWarnings("unchecked")
        private static void walk(Object node, List<String> found) {
            if (node instanceof Map<?, ?> map) {
                Object secret = map.get("secret");
                if (secret instanceof Map<?, ?> ref && ref.get("name") != null) {
                    found.add(ref.get("name") + "/" + ref.get("key"));
                }
                if (map.get("name") != null && map.get("key") != null && !map.containsKey("secret")
                        && map.size() == 2) {
                    found.add(map.get("name") + "/" + map.get("key")); // keySecret is a bare selector
                }
                ((Map<String, Object>) map).values().forEach(v -> walk(v, found));
            } else if (node instanceof List<?> list) {
                list.forEach(v -> walk(v, found));
            }
        }
    }
}
