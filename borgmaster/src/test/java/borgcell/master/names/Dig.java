package borgcell.master.names;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's {@code dig} (package dnsutils), the DNS client people use, against a name server on
 * the loopback. Without it the tests are skipped, except under {@code CI=true}: .ci/run
 * installs it, so its absence there is a failure.
 */
public final class Dig {
    private final Path binary;
    private final int port;

    private Dig(Path binary, int port) {
        this.binary = binary;
        this.port = port;
    }

    /** dig, asking the server on 127.0.0.1:{@code port}. */
    public static Dig at(int port) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "dig");
            if (Files.isExecutable(candidate)) {
                return new Dig(candidate, port);
            }
        }
        String message = "dig is not installed (Debian package dnsutils); .ci/run installs it";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(message + " (CI=true: a missing dig is a failure)");
        }
        Assumptions.abort(message);
        return null;
    }

    /** The answer's records alone, one per line ({@code +short}). */
    public List<String> records(String name, String type, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("+short"));
        args.addAll(List.of(options));
        return run(name, type, args).lines().filter(l -> !l.isBlank()).toList();
    }

    /** dig's whole report: the header ({@code status: NXDOMAIN}, {@code flags: qr aa}) and every section. */
    public String report(String name, String type, String... options) throws Exception {
        return run(name, type, List.of(options));
    }

    private String run(String name, String type, List<String> options) throws Exception {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "@127.0.0.1", "-p", Integer.toString(port),
                "+time=3", "+tries=1"));
        command.addAll(options);
        command.addAll(List.of(name, type));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("dig finishes").isTrue();
        return out;
    }
}
