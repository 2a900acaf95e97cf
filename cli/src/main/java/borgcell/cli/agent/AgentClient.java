package borgcell.cli.agent;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The agent's protocol from Java, as the launcher speaks it from bash: for {@code borg agent
 * status} and {@code stop}, and for tests.
 */
final class AgentClient {

    /** How a request ended: an exit code, or refused with the agent's reason. */
    record Answer(int exitCode, String refused) {
        boolean wasRefused() {
            return refused != null;
        }
    }

    private final AgentEndpoint endpoint;

    AgentClient(AgentEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    Answer call(Path cwd, Map<String, String> env, List<String> args, OutputStream stdout, OutputStream stderr)
            throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), endpoint.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(request(endpoint.secret(), cwd, env, args));
            out.flush();
            return read(new BufferedInputStream(socket.getInputStream()), stdout, stderr);
        }
    }

    /** The request's bytes, exactly as the launcher's {@code printf '%s\0'} writes them. */
    static byte[] request(String secret, Path cwd, Map<String, String> env, List<String> args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        field(bytes, AgentRequest.VERSION);
        field(bytes, secret);
        field(bytes, cwd.toString());
        field(bytes, "0");
        field(bytes, Integer.toString(env.size()));
        env.forEach((name, value) -> field(bytes, name + "=" + value));
        field(bytes, Integer.toString(args.size()));
        args.forEach(arg -> field(bytes, arg));
        return bytes.toByteArray();
    }

    private static void field(ByteArrayOutputStream bytes, String text) {
        bytes.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        bytes.write(0);
    }

    static Answer read(InputStream in, OutputStream stdout, OutputStream stderr) throws IOException {
        while (true) {
            String header = line(in);
            if (header == null) {
                throw new IOException("the agent hung up before the command ended");
            }
            int space = header.indexOf(' ');
            if (space != 1) {
                throw new IOException("not a frame header: \"" + header + "\"");
            }
            int n = Integer.parseInt(header.substring(2));
            switch (header.charAt(0)) {
                case 'o' -> stdout.write(in.readNBytes(n));
                case 'e' -> stderr.write(in.readNBytes(n));
                case 'x' -> {
                    return new Answer(n, null);
                }
                case 'r' -> {
                    return new Answer(-1, new String(in.readNBytes(n), StandardCharsets.UTF_8));
                }
                default -> throw new IOException("not a frame header: \"" + header + "\"");
            }
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.append((char) b);
        }
        return b < 0 && line.isEmpty() ? null : line.toString();
    }
}
