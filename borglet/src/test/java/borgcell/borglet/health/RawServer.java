package borgcell.borglet.health;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback server whose every connection gets what the test scripts: a canned answer, bytes
 * trickled forever, or nothing at all. For the answers no real server gives on purpose.
 */
final class RawServer implements AutoCloseable {

    /** What the server does with one accepted connection, on a virtual thread of its own. */
    interface Behaviour {
        void serve(Socket socket) throws IOException, InterruptedException;
    }

    private final ServerSocket server;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    private RawServer(Behaviour behaviour) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    accepted.add(socket);
                    Thread.ofVirtual().start(() -> {
                        try {
                            behaviour.serve(socket);
                        } catch (IOException | InterruptedException e) {
                            // the client went away, or the test is over
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    static RawServer start(Behaviour behaviour) throws IOException {
        return new RawServer(behaviour);
    }

    /** Answers each connection with {@code answer}, then closes it. */
    static RawServer answering(String answer) throws IOException {
        return start(socket -> {
            try (socket) {
                socket.getInputStream().read(new byte[4096]);
                socket.getOutputStream().write(answer.getBytes(StandardCharsets.ISO_8859_1));
            }
        });
    }

    /** Accepts and never says a word. */
    static RawServer silent() throws IOException {
        return start(socket -> Thread.sleep(Long.MAX_VALUE));
    }

    /** Writes {@code prefix}, then one byte every {@code pauseMillis} forever. */
    static RawServer trickling(String prefix, long pauseMillis) throws IOException {
        return start(socket -> {
            OutputStream out = socket.getOutputStream();
            out.write(prefix.getBytes(StandardCharsets.ISO_8859_1));
            while (true) {
                out.write('x');
                out.flush();
                Thread.sleep(pauseMillis);
            }
        });
    }

    int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : accepted) {
            s.close();
        }
    }
}
