package borgcell.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import borgcell.cli.ExitCodes;
import borgcell.cli.FakeMaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real agent on a loopback port, called as the launcher calls it. */
class AgentServerTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private AgentServer server;
    private CompletableFuture<Void> serving;
    private Path endpointFile;

    @BeforeEach
    void start() throws IOException {
        endpointFile = dir.resolve("agents").resolve("agent");
        server = new AgentServer(new AgentServer.Settings(endpointFile, Optional.empty(), Duration.ofMinutes(5)),
                new PrintStream(log, true));
        serving = CompletableFuture.runAsync(() -> {
            try {
                server.serve();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theEndpointFileIsTheOwnersAloneAndNamesThisAgent() throws IOException {
        assertThat(AgentEndpoint.readFrom(endpointFile)).contains(server.endpoint());
        assertThat(Files.getPosixFilePermissions(endpointFile)).hasToString("[OWNER_READ, OWNER_WRITE]");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(endpointFile.getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    void aCommandRunsWithTheCallersDirectoryAndEnvironment() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        Files.writeString(work.resolve("hello.yaml"), """
                name: hello
                task:
                  argv: ["/bin/true"]
                  resources: {cpu: 10m, ram: 16Mi, disk: 1Mi}
                """);
        try (FakeMaster master = new FakeMaster(false)) {
            Call run = call(work, Map.of("USER", "alice"), "job", "run", "hello.yaml", "--master", master.address());

            assertThat(run.code()).as(run.err()).isZero();
            assertThat(master.jobs.get("hello").getSpec().getUser()).isEqualTo("alice");

            Call status = call(work, Map.of(), "job", "status", "hello", "--master", master.address());
            assertThat(status.code()).as(status.err()).isZero();
            assertThat(status.out()).contains("hello");
        }
    }

    @Test
    void errorsAndExitCodesAreTheCommandsOwn() throws Exception {
        Call missing = call(dir, Map.of(), "job", "run", "nosuch.yaml", "--master", "127.0.0.1:1");
        assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).startsWith("borg: " + dir.resolve("nosuch.yaml"));

        Call usage = call(dir, Map.of(), "job", "frobnicate");
        assertThat(usage.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(usage.err()).contains("Unmatched argument at index 1: 'frobnicate'");

        Call version = call(dir, Map.of(), "--version");
        assertThat(version.code()).isZero();
        assertThat(version.out()).startsWith("borg ");
    }

    @Test
    void aCommandThatOwnsItsJvmIsRefusedSoTheLauncherRunsIt() throws Exception {
        AgentClient.Answer answer = client().call(dir, Map.of(), List.of("up"), OutputStream.nullOutputStream(),
                OutputStream.nullOutputStream());
        assertThat(answer.refused()).isEqualTo("not a command the agent runs: up");
    }

    @Test
    void aWrongSecretOrGarbageIsRefusedAndTheAgentServesOn() throws Exception {
        AgentEndpoint forged = new AgentEndpoint(server.endpoint().port(), "0".repeat(64), 1);
        AgentClient.Answer answer = new AgentClient(forged).call(dir, Map.of(), List.of("--version"),
                OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
        assertThat(answer.refused()).isEqualTo("wrong secret");

        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.endpoint().port())) {
            socket.getOutputStream().write("\u0001\u0002garbage\0more".getBytes(StandardCharsets.ISO_8859_1));
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(reply).startsWith("r ").contains("not a borg-agent-1 request");
        }

        assertThat(call(dir, Map.of(), "--version").code()).isZero();
        assertThat(log.toString()).contains("agent: refused a request with a wrong secret")
                .contains("agent: refused a request: not a borg-agent-1 request");
    }

    @Test
    void aCallerThatHangsUpHasItsCommandInterrupted() throws Exception {
        // A master that accepts connections and never answers: the call waits on it until interrupted.
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.endpoint().port());
            socket.getOutputStream().write(AgentClient.request(server.endpoint().secret(), dir, Map.of(),
                    List.of("cell", "--master", "127.0.0.1:" + silent.getLocalPort(), "--timeout", "10m")));
            await().atMost(Duration.ofSeconds(10)).until(() -> status().contains("1 running"));
            socket.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> status().contains("0 running"));
        }
    }

    @Test
    void statusSaysWhatItServedAndStopEndsItAndRemovesItsFile() throws Exception {
        call(dir, Map.of(), "--version");
        assertThat(status()).contains("agent pid " + ProcessHandle.current().pid()).contains("1 commands served");

        assertThat(call(dir, Map.of(), "agent", "stop").code()).isZero();

        await().atMost(Duration.ofSeconds(10)).until(serving::isDone);
        assertThat(endpointFile).doesNotExist();
    }

    @Test
    void anAgentWhoseFileWasRemovedStopsByItself() throws Exception {
        Files.delete(endpointFile);
        await().atMost(Duration.ofSeconds(10)).until(serving::isDone);
        assertThat(log.toString()).contains("no longer names this agent");
    }

    private String status() throws IOException {
        return call(dir, Map.of(), "agent", "status").out();
    }

    private AgentClient client() {
        return new AgentClient(server.endpoint());
    }

    private Call call(Path cwd, Map<String, String> env, String... args) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AgentClient.Answer answer = client().call(cwd, env, List.of(args), out, err);
        assertThat(answer.wasRefused()).as("refused: %s", answer.refused()).isFalse();
        return new Call(answer.exitCode(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Call(int code, String out, String err) {}
}
