package borgcell.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code borg cert helm}, run for one release: the files it writes and the Secrets of its secrets.yaml. */
final class CertHelm {
    private CertHelm() {}

    /** What one run made: the directory it wrote, and its Secrets by name. */
    record Made(Path dir, Map<String, Secret> secrets) {}

    private static final Map<ValuesCase, Made> RUNS = new java.util.EnumMap<>(ValuesCase.class);

    /**
     * The command's output for the case's release and {@code nodes}, run once per case for the
     * whole test run. Callers must not change the files.
     */
    static synchronized Made made(ValuesCase values, List<String> nodes) throws Exception {
        Made made = RUNS.get(values);
        if (made == null) {
            Path dir = Files.createTempDirectory("borg-cert-helm-");
            // Keys of a throwaway CA, but keys: gone with the test JVM.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir)));
            made = new Made(dir, run(values, dir, nodes));
            RUNS.put(values, made);
        }
        return made;
    }

    /** Runs the command from the built jar into {@code out} for the case's release. */
    static Map<String, Secret> run(ValuesCase values, Path out, List<String> nodes) throws Exception {
        Path jar = Path.of(System.getProperty("borg.jar", "../cli/target/borg.jar"));
        assertThat(jar).as("the borg jar: build the cli module first (./mvnw -pl cli package)").isRegularFile();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new java.util.ArrayList<>(List.of(java, "-jar", jar.toString(), "cert", "helm",
                "--out", out.toString(), "--name", values.fullname, "--namespace", values.namespace, "--replicas",
                Integer.toString(values.replicas), "--cluster-domain", values.clusterDomain));
        nodes.forEach(n -> command.addAll(List.of("--node", n)));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s%n%s", String.join(" ", command), output).isZero();
        Manifests secrets = Manifests.parse(Files.readString(out.resolve("secrets.yaml")));
        Map<String, Secret> byName = new java.util.TreeMap<>();
        secrets.all(Secret.class).forEach(s -> byName.put(s.getMetadata().getName(), s));
        return byName;
    }

    /** A Secret's files as the kubelet mounts them: one file per key, in a directory of their own. */
    static Path mount(Secret secret, Path dir) throws Exception {
        Files.createDirectories(dir);
        for (Map.Entry<String, String> e : secret.getData().entrySet()) {
            Files.write(dir.resolve(e.getKey()), Base64.getDecoder().decode(e.getValue()));
        }
        return dir;
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (java.io.IOException e) {
            // a temporary directory left behind
        }
    }
}
