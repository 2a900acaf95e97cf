package borgcell.borglet.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskLogsTest {
    @TempDir
    Path dir;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aLogPastItsCapRotatesKeepingTheNewestOutput() throws Exception {
        Path file = dir.resolve("stdout");
        try (RotatingLog log = new RotatingLog(file, 10)) {
            log.write(bytes("0123456789"), 0, 10);
            log.write(bytes("abcdefghijKLM"), 0, 13);
        }
        // 23 bytes through a 10-byte cap: "0123456789" was rotated out and dropped,
        // "abcdefghij" is the older file, "KLM" the current one.
        assertThat(Files.readString(file)).isEqualTo("KLM");
        assertThat(Files.readString(dir.resolve("stdout.1"))).isEqualTo("abcdefghij");
        assertThat(Files.list(dir)).hasSize(2);
        assertThatThrownBy(() -> new RotatingLog(file, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPumpCopiesAPipeIntoTheLogUntilItCloses() throws Exception {
        Path file = dir.resolve("stderr");
        LogPump.start(new ByteArrayInputStream(bytes("line one\nline two\n")), new RotatingLog(file, 1 << 20), "t")
                .get(5, TimeUnit.SECONDS);
        assertThat(Files.readString(file)).isEqualTo("line one\nline two\n");
    }

    @Test
    void logFilesServeByteRangesWithTheSize() throws Exception {
        Path task = Files.createDirectories(dir.resolve("web.3.2"));
        Files.writeString(task.resolve("stdout"), "hello world\n");
        LogFiles logs = new LogFiles(dir);

        LogFiles.Chunk all = logs.read("web.3.2", "stdout", 0, 1000).orElseThrow();
        LogFiles.Chunk tail = logs.read("web.3.2", "stdout", 6, 3).orElseThrow();
        LogFiles.Chunk past = logs.read("web.3.2", "stdout", 99, 10).orElseThrow();

        assertThat(new String(all.data(), StandardCharsets.UTF_8)).isEqualTo("hello world\n");
        assertThat(all.size()).isEqualTo(12);
        assertThat(new String(tail.data(), StandardCharsets.UTF_8)).isEqualTo("wor");
        assertThat(past.data()).isEmpty();
    }

    @Test
    void namesThatCouldLeaveTheTasksDirectoryReadNothing() throws Exception {
        Files.writeString(dir.resolve("secret"), "no");
        Files.createDirectories(dir.resolve("web.3.2"));
        Files.writeString(dir.resolve("web.3.2").resolve("stdout"), "ok");
        LogFiles logs = new LogFiles(dir.resolve("tasks-not-here"));
        LogFiles real = new LogFiles(dir);

        assertThat(real.read("..", "secret", 0, 10)).isEmpty();
        assertThat(real.read("web.3.2/..", "stdout", 0, 10)).isEmpty();
        assertThat(real.read("web.3.2", "../../secret", 0, 10)).isEmpty();
        assertThat(real.read("web.3.2", "stdin", 0, 10)).isEmpty();
        assertThat(real.read("Web.3.2", "stdout", 0, 10)).isEmpty();
        assertThat(real.read("web.3.2", "stdout", -1, 10)).isEmpty();
        assertThat(logs.read("web.3.2", "stdout", 0, 10)).isEmpty();
        assertThat(real.read("web.3.2", "stdout", 0, 10)).isPresent();
    }
}
