package borgcell.cli.bench.write;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The {@code etcd} server on the PATH (Debian's {@code etcd-server} puts it in /usr/bin), and
 * the version it reports: the baseline {@code borg bench write} measures the cell against.
 */
record EtcdBinary(Path path, String version) {

    /** What to tell a user who has none. */
    static final String MISSING = "etcd is not installed (Debian: apt-get install etcd-server); only the cell was measured";

    static Optional<EtcdBinary> onPath() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "etcd");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(new EtcdBinary(candidate, versionOf(candidate)));
            }
        }
        return Optional.empty();
    }

    /** The version from {@code etcd --version} ("etcd Version: 3.4.23"), or "unknown". */
    private static String versionOf(Path binary) {
        try {
            Process p = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "unknown";
            }
            return out.lines().filter(l -> l.startsWith("etcd Version:"))
                    .map(l -> l.substring("etcd Version:".length()).strip()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
