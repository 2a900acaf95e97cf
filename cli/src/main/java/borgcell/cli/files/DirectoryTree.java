package borgcell.cli.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Deleting a directory and everything under it: the one way the command's tools clean up after themselves. */
public final class DirectoryTree {

    private DirectoryTree() {}

    /** Deletes {@code dir} and what is under it, children first; nothing if it does not exist. */
    public static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.delete(p);
                } catch (NoSuchFileException gone) {
                    // removed meanwhile (a process that was writing there has just ended): what we wanted
                }
            }
        }
    }

    /** As {@link #delete}, for scratch space whose leftovers are no failure of the work that used it. */
    public static void deleteQuietly(Path dir) {
        try {
            delete(dir);
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
