package borgcell.borglet.runtime;

import static org.awaitility.Awaitility.await;

import borgcell.api.v1.AllocatedPort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/** Host ports for tests of tasks that listen on the ports the cell gave them. */
public final class TestPorts {
    private TestPorts() {}

    public static AllocatedPort port(String name, int number) {
        return AllocatedPort.newBuilder().setName(name).setPort(number).build();
    }

    /** A loopback port free now. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until something accepts connections on the loopback port. */
    public static void awaitListening(int port, Duration atMost) {
        await().atMost(atMost).ignoreExceptions().until(() -> {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return true;
            }
        });
    }
}
