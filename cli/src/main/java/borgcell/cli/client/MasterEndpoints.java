package borgcell.cli.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the client commands look for the BorgMaster: {@code --master}; else the
 * {@code .borg/cell.json} that {@code borg up} wrote, in the current directory, then under
 * {@code $BORG_HOME}; else {@value #DEFAULT}.
 *
 * @param source how the addresses were found, for error messages
 */
public record MasterEndpoints(List<MasterAddress> addresses, String source) {

    public static final String DEFAULT = "127.0.0.1:7101";

    public MasterEndpoints {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("no master addresses");
        }
        addresses = List.copyOf(addresses);
    }

    /**
     * @param explicit {@code --master}, or empty
     * @param borgHome {@code $BORG_HOME}, or null
     */
    public static MasterEndpoints resolve(List<MasterAddress> explicit, Path cwd, String borgHome) {
        if (explicit != null && !explicit.isEmpty()) {
            return new MasterEndpoints(explicit, "--master");
        }
        for (Path cellFile : candidates(cwd, borgHome)) {
            if (Files.isRegularFile(cellFile)) {
                try {
                    CellFile cell = CellFile.read(cellFile);
                    if (!cell.replicas().isEmpty()) {
                        return new MasterEndpoints(cell.masters(), cellFile.toString());
                    }
                } catch (IOException | IllegalArgumentException e) {
                    // An unreadable cell file is no reason to fail: fall through to the default.
                }
            }
        }
        return new MasterEndpoints(List.of(MasterAddress.parse(DEFAULT)), "the default");
    }

    static List<Path> candidates(Path cwd, String borgHome) {
        List<Path> paths = new ArrayList<>();
        paths.add(cwd.resolve(".borg").resolve(CellFile.NAME));
        if (borgHome != null && !borgHome.isBlank()) {
            Path home = Path.of(borgHome);
            paths.add(home.resolve(".borg").resolve(CellFile.NAME));
            paths.add(home.resolve(CellFile.NAME));
        }
        return paths;
    }
}
