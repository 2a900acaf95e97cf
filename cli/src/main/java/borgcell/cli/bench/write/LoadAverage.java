package borgcell.cli.bench.write;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The host's one-minute load average, which the summary and the JSON line carry: on a shared
 * machine the absolute figures move with it, the ratios measured in one run much less.
 */
public final class LoadAverage {
    private static final Path PROC = Path.of("/proc/loadavg");

    private LoadAverage() {}

    /** The one-minute load average; NaN where the host does not say. */
    public static double now() {
        try {
            return Double.parseDouble(Files.readString(PROC).strip().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
