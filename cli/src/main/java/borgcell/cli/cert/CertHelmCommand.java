package borgcell.cli.cert;

import borgcell.cli.CliException;
import borgcell.cli.ExitCodes;
import borgcell.cli.local.CellPki;
import borgcell.trust.CellCa;
import borgcell.trust.Identity;
import borgcell.trust.TlsFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code borg cert helm}: the certificates of a cell on Kubernetes (helm/borg) and the three
 * Secrets its pods mount. Replicas and machines need what {@code borg cert issue} does not
 * give people: the names they are dialled at (the StatefulSet's peer names, the Services', a
 * Borglet pod's), which only the chart's naming knows. The CA is made in {@code --out} on the
 * first run and reused after; run again with more {@code --node}s as nodes join.
 */
@Command(name = "helm",
        mixinStandardHelpOptions = true,
        description = "Issue the certificates of a cell run by the helm/borg chart, and the Secrets that hold them.",
        footer = {"", "Writes into --out: ca.crt and ca.key (made once; keep ca.key offline: it is every identity),",
            "replica-FULLNAME-I, machine-NODE, admin-admin and viewer-prometheus .crt/.key, and secrets.yaml:",
            "  FULLNAME-replica-tls      ca.crt, replica-FULLNAME-I.crt/.key   mounted by every replica",
            "  FULLNAME-machine-tls      ca.crt, machine-NODE.crt/.key         mounted by every Borglet",
            "  FULLNAME-prometheus-tls   ca.crt, tls.crt, tls.key              the ServiceMonitors' client",
            "", "Example:",
            "  borg cert helm --out pki --name borg --namespace borg --node node-1 --node node-2",
            "  kubectl -n borg apply -f pki/secrets.yaml && helm install borg helm/borg -n borg"})
public final class CertHelmCommand implements Callable<Integer> {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the CA and the files are.")
    Path out;

    @Option(names = "--name", defaultValue = "borg", paramLabel = "FULLNAME",
            description = "The chart's fullname: the release name, or RELEASE-borg (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--namespace", defaultValue = "default", paramLabel = "NS",
            description = "The release's namespace (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(names = "--replicas", defaultValue = "5", paramLabel = "N", description = "master.replicas (default: ${DEFAULT-VALUE}).")
    int replicas;

    @Option(names = "--cluster-domain", defaultValue = "cluster.local", paramLabel = "DOMAIN",
            description = "clusterDomain (default: ${DEFAULT-VALUE}).")
    String domain;

    @Option(names = "--node", paramLabel = "NODE", description = "A node a Borglet runs on; repeat for each.")
    List<String> nodes = new ArrayList<>();

    @Option(names = "--extra-name", paramLabel = "HOST",
            description = "Another name or address the replicas are reached at (a load balancer's); repeat for each.")
    List<String> extraNames = new ArrayList<>();

    @Option(names = "--days", defaultValue = "365", paramLabel = "N",
            description = "How long the issued certificates are valid (default: ${DEFAULT-VALUE}).")
    int days;

    @Override
    public Integer call() throws IOException {
        if (replicas < 1 || replicas > 7 || replicas % 2 == 0) {
            throw new CliException(ExitCodes.USAGE, "--replicas must be 1, 3, 5 or 7 (got " + replicas + ")");
        }
        if (days < 1 || days > 3650) {
            throw new CliException(ExitCodes.USAGE, "--days must be 1-3650 (got " + days + ")");
        }
        Files.createDirectories(out);
        CellCa ca = CellCa.loadOrCreate(out);
        Instant now = Instant.now();
        Issuer issuer = (who, addresses) -> ca.issue(who, addresses, now.minusSeconds(60), now.plus(Duration.ofDays(days)));
        String svc = namespace + ".svc";
        TlsFiles admin = issuer.issue(Identity.admin("admin"), List.of());
        TlsFiles prometheus = issuer.issue(CellPki.SCRAPER, List.of());

        // Clients reach the replicas through the API and UI Services, short or fully named, and
        // through `kubectl port-forward` on their own machine.
        List<String> serviceNames = new ArrayList<>();
        for (String service : List.of(name + "-api", name + "-ui")) {
            serviceNames.addAll(List.of(service, service + "." + namespace, service + "." + svc, service + "." + svc + "." + domain));
        }
        Map<String, Path> replicaFiles = new LinkedHashMap<>(Map.of("ca.crt", admin.ca()));
        for (int i = 0; i < replicas; i++) {
            String pod = name + "-" + i;
            List<String> addresses = new ArrayList<>(List.of(pod + "." + name + "-peers." + svc + "." + domain,
                    pod + "." + name + "-peers." + svc));
            addresses.addAll(serviceNames);
            addresses.addAll(List.of("localhost", "127.0.0.1"));
            addresses.addAll(extraNames);
            put(replicaFiles, issuer.issue(identity(Identity::replica, pod, "--name"), addresses));
        }
        // A Borglet serves at POD.FULLNAME-borglets.NS.svc.DOMAIN, its pod name random.
        Map<String, Path> machineFiles = new LinkedHashMap<>(Map.of("ca.crt", admin.ca()));
        for (String node : nodes) {
            put(machineFiles, issuer.issue(identity(Identity::machine, node, "--node"),
                    List.of("*." + name + "-borglets." + svc + "." + domain, name + "-borglets." + svc)));
        }

        Map<String, Path> prometheusFiles = new LinkedHashMap<>();
        prometheusFiles.put("ca.crt", prometheus.ca());
        prometheusFiles.put("tls.crt", prometheus.certificate());
        prometheusFiles.put("tls.key", prometheus.key());
        Path secrets = out.resolve("secrets.yaml");
        Files.deleteIfExists(secrets);
        Files.createFile(secrets, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(secrets, "# Made by `borg cert helm` for the chart fullname " + name + " in namespace "
                + namespace + ".\n" + secret(name + "-replica-tls", replicaFiles) + secret(name + "-machine-tls", machineFiles)
                + secret(name + "-prometheus-tls", prometheusFiles));

        PrintWriter o = spec.commandLine().getOut();
        o.printf("issued %d replica, %d machine, the admin's and Prometheus' certificates in %s%n", replicas, nodes.size(), out);
        o.printf("next: kubectl -n %s apply -f %s%n", namespace, secrets);
        o.printf("the borg CLI: export BORG_CERT=%s BORG_KEY=%s BORG_CA=%s%n", admin.certificate(), admin.key(), admin.ca());
        o.flush();
        return 0;
    }

    private interface Issuer {
        TlsFiles issue(Identity who, List<String> addresses);
    }

    private static Identity identity(java.util.function.Function<String, Identity> role, String name, String option) {
        try {
            return role.apply(name);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, option + " \"" + name + "\": " + e.getMessage());
        }
    }

    private static void put(Map<String, Path> files, TlsFiles issued) {
        files.put(issued.certificate().getFileName().toString(), issued.certificate());
        files.put(issued.key().getFileName().toString(), issued.key());
    }

    private String secret(String secretName, Map<String, Path> files) throws IOException {
        Map<String, String> data = new LinkedHashMap<>();
        for (Map.Entry<String, Path> file : files.entrySet()) {
            data.put(file.getKey(), Base64.getEncoder().encodeToString(Files.readAllBytes(file.getValue())));
        }
        Map<String, Object> secret = new LinkedHashMap<>();
        secret.put("apiVersion", "v1");
        secret.put("kind", "Secret");
        secret.put("metadata", Map.of("name", secretName, "namespace", namespace,
                "labels", Map.of("app.kubernetes.io/part-of", name)));
        secret.put("type", "Opaque");
        secret.put("data", data);
        return YAML.writeValueAsString(secret);
    }
}
