package borgcell.borglet.vmm;

import static org.assertj.core.api.Assertions.fail;

import borgcell.borglet.vmm.guest.ElfFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's busybox-static, {@code /bin/busybox}: a real static glibc program with many applets,
 * so a guest we did not write. Without it the tests are skipped, except under CI=true, where
 * .ci/run installs it and its absence is a failure.
 */
public final class BusyboxGuests {

    public static final Path BUSYBOX = Path.of("/bin/busybox");

    private BusyboxGuests() {}

    public static Path busybox() {
        if (Files.isRegularFile(BUSYBOX) && Files.isExecutable(BUSYBOX) && isStatic(BUSYBOX)) {
            return BUSYBOX;
        }
        String message = BUSYBOX + " is missing or not a static binary: install Debian's busybox-static"
                + " (apt-get install busybox-static) to run the busybox microVM tests";
        if ("true".equals(System.getenv("CI"))) {
            fail(message + " (CI=true: .ci/run installs it, so this is a failure)");
        }
        Assumptions.abort(message);
        return BUSYBOX;
    }

    /** Debian's plain busybox package is dynamically linked and also installs /bin/busybox: it has a PT_INTERP. */
    private static boolean isStatic(Path binary) {
        try {
            ElfFile.parse(Files.readAllBytes(binary));
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
