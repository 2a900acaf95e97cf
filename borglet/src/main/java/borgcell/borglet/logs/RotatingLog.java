package borgcell.borglet.logs;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * An append-only log file that, past {@code capBytes}, becomes {@code NAME.1} (replacing the
 * previous one) and starts afresh: at most twice the cap on disk per stream, the newest output
 * always kept. Not thread-safe: one pump writes it.
 */
public final class RotatingLog implements Closeable {
    public static final long DEFAULT_CAP_BYTES = 8L << 20;

    private final Path file;
    private final long capBytes;
    private OutputStream out;
    private long size;

    public RotatingLog(Path file, long capBytes) throws IOException {
        if (capBytes < 1) {
            throw new IllegalArgumentException("capBytes must be positive");
        }
        this.file = file;
        this.capBytes = capBytes;
        this.out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        this.size = Files.size(file);
    }

    public void write(byte[] bytes, int offset, int length) throws IOException {
        while (length > 0) {
            if (size >= capBytes) {
                rotate();
            }
            int n = (int) Math.min(length, capBytes - size);
            out.write(bytes, offset, n);
            size += n;
            offset += n;
            length -= n;
        }
        out.flush();
    }

    private void rotate() throws IOException {
        out.close();
        Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        size = 0;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
