package borgcell.borglet.health;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP/1.0 GET of a path on the task's port on this machine's loopback; passes on a status
 * of 200-399. A raw socket rather than an HTTP client, so that every step is held to the one
 * deadline and nothing but the status line is read: a server that trickles bytes, never
 * answers, or answers with an endless body costs at most the timeout and a few hundred bytes.
 */
public final class HttpGetProbe implements Probe {

    /** The most of the answer read while looking for the status line. */
    static final int MAX_STATUS_LINE = 1024;
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/\\d(?:\\.\\d)? (\\d{3})(?: .*)?");

    private final TaskPort port;
    private final String path;

    /** @param path as the spec gives it: "/" when empty; the cell has refused one with spaces or control characters */
    public HttpGetProbe(TaskPort port, String path) {
        this.port = port;
        this.path = path.isEmpty() ? "/" : path;
    }

    @Override
    public ProbeResult run(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port.number()),
                    TcpConnectProbe.timeoutMillis(timeout));
            socket.getOutputStream().write(request().getBytes(StandardCharsets.US_ASCII));
            String statusLine = readStatusLine(socket, deadline);
            if (statusLine.isEmpty()) {
                return ProbeResult.fail("connection closed before an answer on " + port);
            }
            Matcher m = STATUS_LINE.matcher(statusLine);
            if (!m.matches()) {
                return ProbeResult.fail("not an HTTP answer on " + port + ": \"" + statusLine + "\"");
            }
            int status = Integer.parseInt(m.group(1));
            String detail = "HTTP " + status + " on " + path;
            return status >= 200 && status < 400 ? ProbeResult.pass(detail) : ProbeResult.fail(detail);
        } catch (IOException e) {
            return ProbeResult.fail(TcpConnectProbe.whyNot(e, port, timeout));
        }
    }

    private String request() {
        return "GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1:" + port.number()
                + "\r\nUser-Agent: borglet-health-check\r\nAccept: */*\r\nConnection: close\r\n\r\n";
    }

    /** The first line of the answer, each read held to what is left of the deadline. */
    private static String readStatusLine(Socket socket, long deadline) throws IOException {
        // Buffered: the status line is read byte by byte, but not a system call per byte.
        InputStream in = new BufferedInputStream(socket.getInputStream(), 256);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (line.size() < MAX_STATUS_LINE) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("deadline passed");
            }
            socket.setSoTimeout((int) Math.clamp(Duration.ofNanos(left).toMillis(), 1, Integer.MAX_VALUE));
            int b = in.read();
            if (b < 0 || b == '\n') {
                break;
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.ISO_8859_1).strip();
    }
}
