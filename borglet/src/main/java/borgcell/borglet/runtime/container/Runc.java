package borgcell.borglet.runtime.container;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The OCI runtime binary (Debian's runc), and the short commands the Borglet runs through it. */
final class Runc {
    private static final List<String> USUAL_DIRS = List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin", "/sbin");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path binary;

    Runc(Path binary) {
        this.binary = binary;
    }

    /** runc on the PATH or in the usual system directories (root's PATH has sbin; a Borglet's may not). */
    static Optional<Runc> find() {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        dirs.addAll(USUAL_DIRS);
        for (String dir : dirs) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "runc");
            if (Files.isExecutable(candidate)) {
                return Optional.of(new Runc(candidate));
            }
        }
        return Optional.empty();
    }

    Path binary() {
        return binary;
    }

    /** The command that runs a container in the foreground: runc's exit is the task's. */
    List<String> run(Path bundle, Path pidFile, String id) {
        return List.of(binary.toString(), "run", "--bundle", bundle.toString(), "--pid-file", pidFile.toString(), id);
    }

    /**
     * The command that runs {@code argv} inside a running container, in the foreground: runc
     * takes the user, working directory, environment, capabilities and seccomp filter from the
     * container's own config, so the command is confined as the task is.
     */
    List<String> exec(String id, List<String> argv) {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "exec", id));
        command.addAll(argv);
        return command;
    }

    /** Signals every process of the container; false if it is already gone. */
    boolean kill(String id, String signal) {
        return command("kill", "--all", id, signal).exitCode() == 0;
    }

    /** Forgets a container (killing what is left of it). */
    Result delete(String id) {
        return command("delete", "--force", id);
    }

    /** One container runc knows: its id and the bundle directory it was made from. */
    record Listed(String id, Path bundle) {}

    /** Every container runc knows on this host (its default state directory). */
    List<Listed> list() {
        Result listed = command(List.of("list", "--format", "json"), true);
        if (listed.exitCode() != 0 || listed.stdout().isBlank() || listed.stdout().strip().equals("null")) {
            return List.of();
        }
        List<Listed> containers = new ArrayList<>();
        for (JsonNode c : JSON.readTree(listed.stdout())) {
            containers.add(new Listed(c.path("id").asString(), Path.of(c.path("bundle").asString("/"))));
        }
        return containers;
    }

    record Result(int exitCode, String stdout, String stderr) {}

    private Result command(String... args) {
        return command(List.of(args), false);
    }

    private Result command(List<String> args, boolean keepStdout) {
        List<String> argv = new ArrayList<>(args.size() + 1);
        argv.add(binary.toString());
        argv.addAll(args);
        try {
            Path out = Files.createTempFile("borg-runc-", ".out");
            Path err = Files.createTempFile("borg-runc-", ".err");
            try {
                Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectOutput(keepStdout ? ProcessBuilder.Redirect.to(out.toFile()) : ProcessBuilder.Redirect.DISCARD)
                        .redirectError(err.toFile()).start();
                if (!p.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    return new Result(-1, "", "runc " + String.join(" ", args) + " took over " + COMMAND_TIMEOUT.toSeconds() + " s");
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8).strip());
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            return new Result(-1, "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "", "interrupted");
        }
    }
}
