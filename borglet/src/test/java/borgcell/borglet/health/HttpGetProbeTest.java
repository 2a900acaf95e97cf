package borgcell.borglet.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTP GET probes against busybox's httpd, and against servers that misbehave on purpose. */
class HttpGetProbeTest {

    private static final Duration TIMEOUT = Duration.ofMillis(1500);

    @TempDir Path www;

    @Test
    void passesOnTwoAndThreeHundredsAndFailsOnFourHundredsFromARealServer() throws Exception {
        Files.writeString(www.resolve("index.html"), "hello\n");
        Files.createDirectory(www.resolve("sub"));
        try (BusyboxHttpd httpd = BusyboxHttpd.serve(www)) {
            TaskPort web = new TaskPort("web", httpd.port());

            assertThat(new HttpGetProbe(web, "").run(TIMEOUT)).isEqualTo(ProbeResult.pass("HTTP 200 on /"));
            assertThat(new HttpGetProbe(web, "/sub").run(TIMEOUT)).as("busybox redirects to /sub/")
                    .isEqualTo(ProbeResult.pass("HTTP 302 on /sub"));
            assertThat(new HttpGetProbe(web, "/healthz").run(TIMEOUT)).isEqualTo(ProbeResult.fail("HTTP 404 on /healthz"));
        }
    }

    @Test
    void failsWithTheStatusOfAServerError() throws Exception {
        try (RawServer server = RawServer.answering("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n")) {
            assertThat(new HttpGetProbe(new TaskPort("web", server.port()), "/ready").run(TIMEOUT))
                    .isEqualTo(ProbeResult.fail("HTTP 503 on /ready"));
        }
    }

    @Test
    void failsWhenNothingListens() throws Exception {
        int port = BusyboxHttpd.freePort();
        assertThat(new HttpGetProbe(new TaskPort("web", port), "/").run(TIMEOUT))
                .isEqualTo(ProbeResult.fail("connection refused on port web (" + port + ")"));
    }

    @Test
    void aServerThatNeverAnswersIsCutByTheTimeout() throws Exception {
        try (RawServer server = RawServer.silent()) {
            long t0 = System.nanoTime();
            ProbeResult result = new HttpGetProbe(new TaskPort("web", server.port()), "/").run(TIMEOUT);
            long tookMillis = (System.nanoTime() - t0) / 1_000_000;

            assertThat(result).isEqualTo(ProbeResult.fail("no answer within 1500 ms on port web (" + server.port() + ")"));
            assertThat(tookMillis).isBetween(TIMEOUT.toMillis() - 50, TIMEOUT.toMillis() + 1000);
        }
    }

    @Test
    void aServerTricklingBytesCannotStretchTheTimeout() throws Exception {
        // A byte every 50 ms: each read alone would be well within a per-read timeout.
        try (RawServer server = RawServer.trickling("", 50)) {
            long t0 = System.nanoTime();
            ProbeResult result = new HttpGetProbe(new TaskPort("web", server.port()), "/").run(TIMEOUT);
            long tookMillis = (System.nanoTime() - t0) / 1_000_000;

            assertThat(result.passed()).isFalse();
            assertThat(tookMillis).isLessThan(TIMEOUT.toMillis() + 1000);
        }
    }

    @Test
    void anEndlessBodyIsNotRead() throws Exception {
        try (RawServer server = RawServer.trickling("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n", 0)) {
            assertThat(new HttpGetProbe(new TaskPort("web", server.port()), "/").run(TIMEOUT))
                    .isEqualTo(ProbeResult.pass("HTTP 200 on /"));
        }
    }

    @Test
    void aServerThatClosesWithoutAWordFails() throws Exception {
        try (RawServer server = RawServer.answering("")) {
            assertThat(new HttpGetProbe(new TaskPort("web", server.port()), "/").run(TIMEOUT))
                    .isEqualTo(ProbeResult.fail("connection closed before an answer on port web (" + server.port() + ")"));
        }
    }

    @Test
    void somethingThatIsNotHttpFails() throws Exception {
        try (RawServer ssh = RawServer.answering("SSH-2.0-OpenSSH_9.2\r\n");
             RawServer endless = RawServer.trickling("", 0)) {
            assertThat(new HttpGetProbe(new TaskPort("ssh", ssh.port()), "/").run(TIMEOUT))
                    .isEqualTo(ProbeResult.fail("not an HTTP answer on port ssh (" + ssh.port() + "): \"SSH-2.0-OpenSSH_9.2\""));
            ProbeResult flood = new HttpGetProbe(new TaskPort("x", endless.port()), "/").run(TIMEOUT);
            assertThat(flood.passed()).as("a line longer than any status line").isFalse();
            assertThat(flood.detail()).startsWith("not an HTTP answer").hasSizeLessThanOrEqualTo(ProbeResult.MAX_DETAIL);
        }
    }
}
