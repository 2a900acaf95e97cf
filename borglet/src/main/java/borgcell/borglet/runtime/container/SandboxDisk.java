package borgcell.borglet.runtime.container;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;

/**
 * What a task's sandbox holds on disk: the sizes of its regular files (links not followed, so
 * a link to a big host file costs nothing). The sandbox is the one host directory a container
 * can write; its {@code /tmp} is memory, counted against {@code ram}.
 */
final class SandboxDisk {
    private SandboxDisk() {}

    /** Bytes in the sandbox's files now; files that vanish while counted count nothing. */
    static long bytes(Path sandbox) {
        try (Stream<Path> files = Files.walk(sandbox)) {
            return files.mapToLong(SandboxDisk::sizeIfFile).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0; // gone, or changing under us: the next look counts again
        }
    }

    private static long sizeIfFile(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.isRegularFile() ? a.size() : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
