package borgcell.cli.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * Where a running agent listens and the secret it wants, in one line a shell reads with
 * {@code read -r port secret pid < FILE}. The file is the agent's only credential: it is
 * written mode 0600 in a directory only its owner may enter, and an agent whose file was
 * removed or replaced stops.
 */
record AgentEndpoint(int port, String secret, long pid) {
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    static String newSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Writes the file all at once (a reader never sees half of it), creating its directory owner-only. */
    void writeTo(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, OWNER_ONLY_DIR);
        }
        requireOwnerOnly(dir);
        Path partial = dir.resolve(file.getFileName() + "." + pid + ".partial");
        Files.deleteIfExists(partial);
        Files.createFile(partial, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
        Files.writeString(partial, port + " " + secret + " " + pid + "\n", StandardCharsets.US_ASCII);
        try {
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The endpoint in {@code file}, or empty when there is none or it is not one. */
    static Optional<AgentEndpoint> readFrom(Path file) {
        try {
            String[] parts = Files.readString(file, StandardCharsets.US_ASCII).strip().split(" ");
            if (parts.length != 3) {
                return Optional.empty();
            }
            return Optional.of(new AgentEndpoint(Integer.parseInt(parts[0]), parts[1], Long.parseLong(parts[2])));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Refuses a directory others could enter or that belongs to someone else (another user's trap in /tmp). */
    static void requireOwnerOnly(Path dir) throws IOException {
        if (Files.isSymbolicLink(dir)) {
            throw new IOException(dir + " is a symbolic link; the agent's directory must be a real one");
        }
        String me = System.getProperty("user.name");
        String owner = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName();
        if (!owner.equals(me)) {
            throw new IOException(dir + " belongs to " + owner + ", not " + me);
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
        if (!OWNER_ONLY_DIR.containsAll(permissions)) {
            throw new IOException(dir + " is open to others (" + PosixFilePermissions.toString(permissions)
                    + "); it must be rwx------");
        }
    }
}
