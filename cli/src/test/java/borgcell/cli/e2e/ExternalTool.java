package borgcell.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A program from outside the build (promtool, prometheus, chromium, etcd). Missing under CI it fails
 * the test loudly, since .ci/run installs it; missing on a developer's machine it skips.
 */
final class ExternalTool {
    private ExternalTool() {}

    static Path required(String name, String fromPackage) {
        Optional<Path> found = find(name);
        if (found.isPresent()) {
            return found.get();
        }
        requiredUnderCi(name, fromPackage);
        assumeTrue(false, missing(name, fromPackage));
        return null;
    }

    /** The program on the PATH, if it is there. */
    static Optional<Path> find(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Fails the test when CI runs it without the program; a test that can go on without it calls this. */
    static void requiredUnderCi(String name, String fromPackage) {
        if (find(name).isEmpty() && "true".equals(System.getenv("CI"))) {
            throw new AssertionError(missing(name, fromPackage));
        }
    }

    private static String missing(String name, String fromPackage) {
        return name + " is not installed (" + fromPackage + "); .ci/run installs it";
    }

    /** Runs a command to completion; fails the test with its output unless it exits 0. */
    static String run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s%n%s", String.join(" ", command), out).isZero();
        return out;
    }

    /** A long-running program started by a test, stopped (with its children) on close. */
    record Server(Process process, String baseUrl) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
