package borgcell.borglet.vmm;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The C guest programs of src/test/resources/vmm, compiled at test time with
 * {@code musl-gcc -static -O2} into target/vmm-guests (again only when the source is newer).
 * Without musl-gcc the tests are skipped, except under CI=true, where that is a failure.
 */
public final class MuslGuests {

    static final Path SOURCES = Path.of("src/test/resources/vmm");
    static final Path OUTPUT = Path.of("target/vmm-guests");

    private MuslGuests() {}

    public static void assumeMuslGcc() {
        if (onPath("musl-gcc")) {
            return;
        }
        String message = "musl-gcc not found: install Debian's musl-tools (apt-get install musl-tools) to build the microVM test guests";
        if ("true".equals(System.getenv("CI"))) {
            fail(message + " (CI=true: .ci/run installs it, so this is a failure)");
        }
        Assumptions.abort(message);
    }

    /** The static binary built from {@code name}.c. */
    public static Path compiled(String name) throws IOException, InterruptedException {
        Path source = SOURCES.resolve(name + ".c");
        Path binary = OUTPUT.resolve(name);
        Files.createDirectories(OUTPUT);
        FileTime sourceTime = Files.getLastModifiedTime(source);
        if (Files.exists(binary) && Files.getLastModifiedTime(binary).compareTo(sourceTime) >= 0) {
            return binary;
        }
        Process gcc = new ProcessBuilder("musl-gcc", "-static", "-O2", "-o", binary.toString(), source.toString())
                .redirectErrorStream(true).start();
        String log = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!gcc.waitFor(60, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
            fail("musl-gcc failed on " + source + ":\n" + log);
        }
        return binary;
    }

    private static boolean onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        return List.of(path.split(":")).stream().anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }
}
