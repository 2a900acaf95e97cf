package borgcell.borglet.runtime.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * Which host process runs a task, kept in the task's directory while it runs so that a
 * Borglet that died without killing its tasks (SIGKILL, a crash) can find them afterwards:
 * see {@link OrphanReaper}. The start instant is what tells our process from a later one
 * that happens to get the same pid.
 *
 * <p>The file, {@value #FILE_NAME}, is two lines: {@code pid 12345} and
 * {@code start 2025-06-01T10:00:00.120Z}.
 */
record ProcessRecord(long pid, Instant startInstant) {

    static final String FILE_NAME = ".borglet-process";

    /** The record of a running process, when the OS tells its start instant. */
    static Optional<ProcessRecord> of(ProcessHandle process) {
        return process.info().startInstant().map(start -> new ProcessRecord(process.pid(), start));
    }

    /** Whether {@code process} is the one recorded, and not a later one with the same pid. */
    boolean matches(ProcessHandle process) {
        return process.pid() == pid && process.info().startInstant().map(startInstant::equals).orElse(false);
    }

    /**
     * Writes the record into {@code taskDir}, replacing any earlier one. Atomic (a temporary
     * file renamed over it): a Borglet killed halfway leaves the old record or the new one,
     * never half a file.
     */
    void writeTo(Path taskDir) throws IOException {
        Path temporary = Files.createTempFile(taskDir, FILE_NAME, ".tmp");
        try {
            Files.writeString(temporary, "pid " + pid + "\nstart " + startInstant + "\n", StandardCharsets.UTF_8);
            Files.move(temporary, taskDir.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Reads the record in {@code taskDir}: empty when there is none.
     *
     * @throws IllegalArgumentException when the file is not a record
     */
    static Optional<ProcessRecord> readFrom(Path taskDir) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(taskDir.resolve(FILE_NAME), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (lines.size() != 2 || !lines.get(0).startsWith("pid ") || !lines.get(1).startsWith("start ")) {
            throw new IllegalArgumentException("expected the lines \"pid <n>\" and \"start <instant>\", found " + lines);
        }
        try {
            long pid = Long.parseLong(lines.get(0).substring("pid ".length()).strip());
            if (pid <= 0) {
                throw new IllegalArgumentException("pid must be > 0, was " + pid);
            }
            return Optional.of(new ProcessRecord(pid, Instant.parse(lines.get(1).substring("start ".length()).strip())));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Removes the record in {@code taskDir} if it is still this one (a restart may have written its own). */
    void removeFrom(Path taskDir) throws IOException {
        Optional<ProcessRecord> current;
        try {
            current = readFrom(taskDir);
        } catch (IllegalArgumentException e) {
            return;  // not ours to judge: the reaper warns about it
        }
        if (current.isPresent() && current.get().equals(this)) {
            Files.deleteIfExists(taskDir.resolve(FILE_NAME));
        }
    }

    static void removeAnyFrom(Path taskDir) throws IOException {
        Files.deleteIfExists(taskDir.resolve(FILE_NAME));
    }
}
