package borgcell.borglet.logs;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads task logs back, for the Borglet's HTTP endpoint: a byte range of one stream of one
 * task. Every name that arrives from outside is checked against a strict pattern before it
 * becomes a path, so no request reaches outside the tasks directory.
 */
public final class LogFiles {
    /** The most one read returns; a follower asks again from where it got to. */
    public static final int MAX_CHUNK = 1 << 20;
    private static final Pattern TASK_DIR = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\\.[0-9]{1,9}\\.[0-9]{1,9}");

    /** Bytes from {@code offset} and the size the file had; offset past the end reads nothing. */
    public record Chunk(byte[] data, long size) {}

    private final Path tasksDir;

    public LogFiles(Path tasksDir) {
        this.tasksDir = tasksDir;
    }

    /** @return empty when the task or stream is unknown here */
    public Optional<Chunk> read(String taskDir, String stream, long offset, int limit) throws IOException {
        if (!TASK_DIR.matcher(taskDir).matches() || !(stream.equals("stdout") || stream.equals("stderr"))
                || offset < 0 || limit < 0) {
            return Optional.empty();
        }
        Path file = tasksDir.resolve(taskDir).resolve(stream);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long size = raf.length();
            if (offset >= size) {
                return Optional.of(new Chunk(new byte[0], size));
            }
            int n = (int) Math.min(Math.min(limit, MAX_CHUNK), size - offset);
            byte[] data = new byte[n];
            raf.seek(offset);
            raf.readFully(data);
            return Optional.of(new Chunk(data, size));
        }
    }
}
