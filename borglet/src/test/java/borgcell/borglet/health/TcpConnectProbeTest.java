package borgcell.borglet.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TcpConnectProbeTest {

    @Test
    void passesWhileSomethingListensAndFailsOnceItStops() throws Exception {
        RawServer server = RawServer.silent();
        TaskPort port = new TaskPort("db", server.port());
        TcpConnectProbe probe = new TcpConnectProbe(port);

        assertThat(probe.run(Duration.ofMillis(500))).isEqualTo(ProbeResult.pass("connected to port db (" + port.number() + ")"));
        server.close(); // the listening socket goes once its accepting thread has woken: moments later
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(probe.run(Duration.ofMillis(500)))
                .isEqualTo(ProbeResult.fail("connection refused on port db (" + port.number() + ")")));
    }
}
