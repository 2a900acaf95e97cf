package borgcell.cli.vm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The memory lines of a process's {@code /proc/PID/status} that the density figures use, in KiB. */
record ProcStatus(long vmRssKib, long rssShmemKib, long vmPteKib) {

    /** This JVM's. */
    static ProcStatus self() {
        return read(Path.of("/proc/self/status")).orElseThrow(() -> new IllegalStateException("no /proc/self/status"));
    }

    /** Process {@code pid}'s; empty when it is gone (or a zombie, which has no memory left). */
    static Optional<ProcStatus> of(long pid) {
        return read(Path.of("/proc/" + pid + "/status"));
    }

    private static Optional<ProcStatus> read(Path status) {
        List<String> lines;
        try {
            lines = Files.readAllLines(status);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + status, e);
        }
        long rss = -1;
        long shmem = 0;
        long pte = 0;
        for (String line : lines) {
            if (line.startsWith("VmRSS:")) {
                rss = kib(line);
            } else if (line.startsWith("RssShmem:")) {
                shmem = kib(line);
            } else if (line.startsWith("VmPTE:")) {
                pte = kib(line);
            }
        }
        return rss < 0 ? Optional.empty() : Optional.of(new ProcStatus(rss, shmem, pte));
    }

    /** A /proc line's figure: "VmRSS:	  123456 kB" to 123456. */
    static long kib(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
}
