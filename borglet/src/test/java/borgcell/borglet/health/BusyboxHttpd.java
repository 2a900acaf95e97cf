package borgcell.borglet.health;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real web server we did not write: Debian's busybox-static {@code httpd} in the foreground on
 * a free loopback port, serving a directory. Missing busybox skips the test, and fails it under
 * {@code CI=true} ({@code .ci/run} installs busybox-static).
 */
public final class BusyboxHttpd implements AutoCloseable {

    public static final Path BUSYBOX = Path.of("/bin/busybox");

    private final Process process;
    private final int port;

    private BusyboxHttpd(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static void assumeBusybox() {
        if (!Files.isExecutable(BUSYBOX)) {
            if ("true".equals(System.getenv("CI"))) {
                fail("CI=true, but " + BUSYBOX + " is missing (.ci/run installs busybox-static)");
            }
            Assumptions.abort(BUSYBOX + " is missing (Debian: apt-get install busybox-static)");
        }
    }

    /** Serves {@code root} on a port that was free a moment ago; tries another if it was taken meanwhile. */
    static BusyboxHttpd serve(Path root) throws IOException, InterruptedException {
        assumeBusybox();
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freePort();
            Process p = new ProcessBuilder(BUSYBOX.toString(), "httpd", "-f", "-p", "127.0.0.1:" + port, "-h", root.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (p.isAlive() && System.nanoTime() < deadline) {
                if (accepts(port)) {
                    return new BusyboxHttpd(p, port);
                }
                Thread.sleep(20);
            }
            p.destroyForcibly().waitFor();
        }
        throw new IllegalStateException("busybox httpd did not start");
    }

    int port() {
        return port;
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops the server and waits until its port refuses connections. */
    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
