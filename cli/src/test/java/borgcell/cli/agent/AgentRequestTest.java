package borgcell.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentRequestTest {

    @Test
    void readsWhatTheLauncherWritesArgumentsExactlyAsTyped() throws Exception {
        List<String> args = List.of("job", "status", "a b'c\"d\nnext", "");
        InputStream in = new ByteArrayInputStream(AgentClient.request("s3cret", Path.of("/home/alice/work"),
                Map.of("USER", "alice", "BORG_HOME", "/x=y"), args));

        String secret = AgentRequest.readSecret(in);
        AgentRequest request = AgentRequest.readRest(secret, in);

        assertThat(secret).isEqualTo("s3cret");
        assertThat(request.cwd()).isEqualTo(Path.of("/home/alice/work"));
        assertThat(request.env()).containsEntry("USER", "alice").containsEntry("BORG_HOME", "/x=y");
        assertThat(request.args()).isEqualTo(args);
        assertThat(request.tty()).isFalse();
    }

    @Test
    void anotherProtocolIsRefusedAtTheFirstField() {
        assertThatThrownBy(() -> AgentRequest.readSecret(bytes("GET / HTTP/1.1\r\n\0")))
                .isInstanceOf(AgentProtocolException.class).hasMessageContaining("version: longer than");
        assertThatThrownBy(() -> AgentRequest.readSecret(bytes("borg-agent-9\0")))
                .hasMessage("not a borg-agent-1 request (first field \"borg-agent-9\")");
    }

    @Test
    void aSecretLongerThanAnyTheAgentMakesIsRefusedBeforeItIsKept() {
        assertThatThrownBy(() -> AgentRequest.readSecret(bytes("borg-agent-1\0" + "a".repeat(100_000) + "\0")))
                .hasMessage("secret: longer than 64 bytes");
    }

    @Test
    void hostileCountsAndFieldsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> rest("/w\0" + "0\0" + "99999\0")).hasMessage("environment count: must be 0-256 (got 99999)");
        assertThatThrownBy(() -> rest("/w\0" + "0\0" + "-1\0")).hasMessage("environment count: must be 0-256 (got -1)");
        assertThatThrownBy(() -> rest("/w\0" + "0\0" + "x\0")).hasMessage("environment count: not a number (\"x\")");
        assertThatThrownBy(() -> rest("/w\0" + "0\0" + "1\0NOEQUALS\0")).hasMessageStartingWith("environment entry 0: expected NAME=VALUE");
        assertThatThrownBy(() -> rest("/w\0" + "0\0" + "0\0" + "5000\0")).hasMessage("argument count: must be 0-4096 (got 5000)");
        assertThatThrownBy(() -> rest("/w\0" + "0\0" + "0\0" + "2\0job\0")).hasMessage("argument 1: the request ended early");
        assertThatThrownBy(() -> rest("relative/dir\0")).hasMessage("working directory: must be absolute (\"relative/dir\")");
        assertThatThrownBy(() -> rest("/w\0" + "yes\0")).hasMessage("tty: longer than 1 bytes");
        assertThatThrownBy(() -> rest("/w\0" + "7\0")).hasMessage("tty: must be 0 or 1");
    }

    @Test
    void aRequestLargerThanAMebibyteIsRefused() {
        String arg = "a".repeat(60_000) + "\0";
        assertThatThrownBy(() -> rest("/w\0" + "0\0" + "0\0" + "20\0" + arg.repeat(20)))
                .hasMessage("the request is larger than 1048576 bytes");
    }

    private static AgentRequest rest(String text) throws Exception {
        return AgentRequest.readRest("s", bytes(text));
    }

    private static InputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
