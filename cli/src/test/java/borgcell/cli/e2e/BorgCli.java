package borgcell.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The borg command from the built jar, as a user runs it against a test's cell. */
final class BorgCli {
    private BorgCli() {
    }

    /** Runs {@code borg ARGS} in {@code dir} (where the cell's .borg is); answers its stdout, failing on a non-zero exit. */
    static String run(Path jar, Path dir, String... args) throws Exception {
        return runExpecting(jar, dir, 0, args);
    }

    /** The same, failing unless it exits with {@code exit}; answers its stdout. */
    static String runExpecting(Path jar, Path dir, int exit, String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-jar", jar.toString()));
        command.addAll(List.of(args));
        Path err = dir.resolve("borg-cli.err");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("borg %s: %s%s", String.join(" ", args), out, Files.readString(err)).isEqualTo(exit);
        return out;
    }
}
