package borgcell.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./borg} launcher with its agent, through bash as people run it: the first client
 * command starts the agent, the next are answered by it with the caller's arguments, directory
 * and streams intact; {@code BORG_AGENT=off} goes without; a rebuilt jar retires it.
 */
class AgentLauncherIT {
    @TempDir
    Path dir;

    private Path agents;
    private Path work;

    @BeforeEach
    void dirs() throws IOException {
        agents = dir.resolve("agents");
        work = Files.createDirectories(dir.resolve("a work dir"));
    }

    @AfterEach
    void stopAgent() throws Exception {
        run(Map.of(), "agent", "stop");
    }

    @Test
    void clientCommandsGoThroughTheAgentAsTyped() throws Exception {
        Ran first = run(Map.of(), "--version");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).startsWith("borg ");
        awaitAgent();

        Ran version = run(Map.of(), "--version");
        assertThat(version.code()).isZero();
        assertThat(version.out()).isEqualTo(first.out());
        assertThat(version.err()).isEmpty();

        // A relative path with a space and a quote, from a directory with a space: as typed, from there.
        Ran missing = run(Map.of(), "job", "run", "it's a spec.yaml");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.out()).isEmpty();
        assertThat(missing.err()).startsWith("borg: " + work.resolve("it's a spec.yaml"));

        Ran noCell = run(Map.of(), "job", "ls", "--timeout", "2s");
        assertThat(noCell.code()).isEqualTo(1);
        assertThat(noCell.err()).contains("is a cell running? start one with `borg up`");

        // The caller's environment: credentials given in part are a usage error naming the variable.
        Ran partial = run(Map.of("BORG_CERT", "x.crt"), "job", "ls");
        assertThat(partial.code()).isEqualTo(2);
        assertThat(partial.err()).contains("$BORG_KEY and $BORG_CA are missing");

        assertThat(status()).contains("4 commands served");

        assertThat(run(Map.of("BORG_AGENT", "off"), "--version").out()).isEqualTo(first.out());
        assertThat(status()).as("BORG_AGENT=off runs without the agent").contains("4 commands served");
    }

    @Test
    void aRebuiltJarRetiresTheAgentAndTheNextCommandStartsAnother() throws Exception {
        run(Map.of(), "--version");
        AgentEndpoint old = awaitAgent();

        Path jar = Path.of(System.getProperty("borg.jar"));
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now()));

        await().atMost(Duration.ofSeconds(15)).until(() -> !Files.exists(endpointFile())
                || !AgentEndpoint.readFrom(endpointFile()).orElseThrow().equals(old));
        assertThat(run(Map.of(), "--version").code()).isZero();
        AgentEndpoint next = awaitAgent();
        assertThat(next.pid()).isNotEqualTo(old.pid());
    }

    @Test
    void aKilledAgentTakesItsEndpointWithItAndTheNextCommandIsAnsweredAnyway() throws Exception {
        run(Map.of(), "--version");
        AgentEndpoint agent = awaitAgent();

        ProcessHandle.of(agent.pid()).orElseThrow().destroy(); // SIGTERM
        await().atMost(Duration.ofSeconds(15)).until(() -> !Files.exists(endpointFile()));

        Ran version = run(Map.of(), "--version");
        assertThat(version.code()).isZero();
        assertThat(version.out()).startsWith("borg ");
    }

    private AgentEndpoint awaitAgent() throws IOException {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> AgentEndpoint.readFrom(endpointFile()).isPresent() && status().contains("commands served"));
        return AgentEndpoint.readFrom(endpointFile()).orElseThrow();
    }

    private String status() throws Exception {
        return run(Map.of(), "agent", "status").out();
    }

    private Path endpointFile() throws IOException {
        try (var files = Files.list(agents)) {
            return files.filter(f -> !f.getFileName().toString().endsWith(".log")).findFirst().orElse(agents.resolve("none"));
        }
    }

    private record Ran(int code, String out, String err) {}

    private Ran run(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", System.getProperty("borg.launcher")));
        command.addAll(List.of(args));
        Path err = dir.resolve("err.txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                .redirectError(err.toFile());
        builder.environment().put("BORG_AGENT_DIR", agents.toString());
        builder.environment().putAll(env);
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Ran(p.exitValue(), out, Files.readString(err));
    }
}
