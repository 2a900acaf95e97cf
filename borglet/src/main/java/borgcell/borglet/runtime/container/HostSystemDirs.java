package borgcell.borglet.runtime.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The host's system directories a container sees, read-only: its programs and libraries
 * ({@code /usr}, and {@code /bin}, {@code /lib}... where they are directories) and {@code /etc}.
 * Where the host has merged {@code /usr} ({@code /bin -> usr/bin}), the container gets the same
 * symbolic link instead of a second mount. Nothing else of the host is visible: not its
 * {@code /home}, {@code /root}, {@code /var}, {@code /tmp}, nor the Borglet's own directories.
 */
record HostSystemDirs(List<String> mounted, Map<String, String> links) {
    private static final List<String> ALWAYS = List.of("/usr", "/etc");
    private static final List<String> TOP_LEVEL = List.of("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");

    static HostSystemDirs of(Path hostRoot) {
        List<String> mounted = new ArrayList<>();
        Map<String, String> links = new LinkedHashMap<>();
        for (String dir : ALWAYS) {
            if (Files.isDirectory(hostRoot.resolve(dir.substring(1)))) {
                mounted.add(dir);
            }
        }
        for (String dir : TOP_LEVEL) {
            Path p = hostRoot.resolve(dir.substring(1));
            try {
                if (Files.isSymbolicLink(p)) {
                    links.put(dir, Files.readSymbolicLink(p).toString());
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    mounted.add(dir);
                }
            } catch (IOException e) {
                // unreadable: the container goes without it
            }
        }
        return new HostSystemDirs(List.copyOf(mounted), Map.copyOf(links));
    }

    /** Makes the mount points and links in an empty root, which the runtime then mounts read-only. */
    void prepare(Path rootfs, List<String> otherMountPoints) throws IOException {
        Files.createDirectories(rootfs);
        for (String dir : mounted) {
            Files.createDirectories(rootfs.resolve(dir.substring(1)));
        }
        for (String dir : otherMountPoints) {
            Files.createDirectories(rootfs.resolve(dir.substring(1)));
        }
        for (Map.Entry<String, String> link : links.entrySet()) {
            Path at = rootfs.resolve(link.getKey().substring(1));
            if (!Files.isSymbolicLink(at)) {
                Files.createSymbolicLink(at, Path.of(link.getValue()));
            }
        }
    }
}
