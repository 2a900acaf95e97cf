package borgcell.borglet.health;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** Passes when a TCP connection to the task's port on this machine's loopback opens. */
public final class TcpConnectProbe implements Probe {

    private final TaskPort port;

    public TcpConnectProbe(TaskPort port) {
        this.port = port;
    }

    @Override
    public ProbeResult run(Duration timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port.number()), timeoutMillis(timeout));
            return ProbeResult.pass("connected to " + port);
        } catch (IOException e) {
            return ProbeResult.fail(whyNot(e, port, timeout));
        }
    }

    /** A socket timeout of 0 would mean "wait forever". */
    static int timeoutMillis(Duration timeout) {
        return (int) Math.clamp(timeout.toMillis(), 1, Integer.MAX_VALUE);
    }

    /** "connection refused on port web (8080)": what the error means for the task, not the JDK's words. */
    static String whyNot(IOException e, TaskPort port, Duration timeout) {
        if (e instanceof ConnectException) {
            return "connection refused on " + port;
        }
        if (e instanceof SocketTimeoutException) {
            return "no answer within " + timeout.toMillis() + " ms on " + port;
        }
        // A server going away while a probe is in: the same, for the task, as a close unanswered.
        if (e instanceof java.net.SocketException && e.getMessage() != null && e.getMessage().startsWith("Connection reset")) {
            return "connection closed before an answer on " + port;
        }
        return e.getClass().getSimpleName() + " on " + port + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
