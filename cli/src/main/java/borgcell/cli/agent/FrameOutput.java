package borgcell.cli.agent;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * What the agent sends back, in frames a shell can read with {@code read} and {@code head -c}:
 *
 * <pre>
 * o LEN \n BYTES     for the caller's stdout
 * e LEN \n BYTES     for its stderr
 * x CODE \n          the command's exit code, the last frame
 * r LEN \n TEXT      refused: the launcher runs the command itself (TEXT says why)
 * </pre>
 *
 * One stream per kind ({@link #stdout}, {@link #stderr}), both over one socket; each buffers
 * until flushed or full, so a command's answer is a frame or two, not one per print.
 */
final class FrameOutput {
    private static final int BUFFER = 32 * 1024;

    private final OutputStream socket;

    FrameOutput(OutputStream socket) {
        this.socket = socket;
    }

    OutputStream stdout() {
        return new Kind('o');
    }

    OutputStream stderr() {
        return new Kind('e');
    }

    void exit(int code) throws IOException {
        header('x', code);
    }

    void refuse(String why) throws IOException {
        byte[] text = why.getBytes(StandardCharsets.UTF_8);
        frame('r', text, 0, text.length);
    }

    private void frame(char kind, byte[] bytes, int offset, int length) throws IOException {
        synchronized (socket) {
            socket.write((kind + " " + length + "\n").getBytes(StandardCharsets.US_ASCII));
            socket.write(bytes, offset, length);
            socket.flush();
        }
    }

    private void header(char kind, int value) throws IOException {
        synchronized (socket) {
            socket.write((kind + " " + value + "\n").getBytes(StandardCharsets.US_ASCII));
            socket.flush();
        }
    }

    private final class Kind extends OutputStream {
        private final char kind;
        private final byte[] buffer = new byte[BUFFER];
        private int used;

        Kind(char kind) {
            this.kind = kind;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            if (used == buffer.length) {
                flush();
            }
            buffer[used++] = (byte) b;
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
            while (length > 0) {
                if (used == buffer.length) {
                    flush();
                }
                int n = Math.min(length, buffer.length - used);
                System.arraycopy(bytes, offset, buffer, used, n);
                used += n;
                offset += n;
                length -= n;
            }
        }

        @Override
        public synchronized void flush() throws IOException {
            if (used > 0) {
                frame(kind, buffer, 0, used);
                used = 0;
            }
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
