package borgcell.borglet.vmm.libos;

import borgcell.borglet.vmm.host.Errno;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The task's sandbox directory, which the guest sees as {@code /}, and the resolver of guest
 * paths into it. Like a chroot: {@code ..} at the root stays at the root, and a symlink's
 * target, absolute or relative, is read as a guest path, so {@code -> /etc/passwd} means
 * {@code <sandbox>/etc/passwd}. A host path is never handed to the host's own resolver with a
 * link in it: every component is looked at here, without following links
 * ({@code NOFOLLOW_LINKS}), and links are expanded by this code, at most {@link #MAX_LINKS}.
 * So no path, {@code ..} or symlink chain reaches outside the sandbox.
 *
 * <p>What is left to trust: the sandbox's contents do not change under us between the lookup
 * and the open. The guest cannot make that happen (it has no symlink, link, rename or mkdir
 * call); a host process writing into the sandbox could.
 */
public final class Sandbox {

    /** Linux's PATH_MAX, NUL included: longer paths are ENAMETOOLONG. */
    public static final int PATH_MAX = 4096;
    /** Linux's NAME_MAX: a longer component is ENAMETOOLONG. */
    static final int NAME_MAX = 255;
    /** Linux's limit on links followed in one lookup (MAXSYMLINKS); past it, ELOOP. */
    static final int MAX_LINKS = 40;

    private final Path root;
    private final long fileSizeLimit;

    /** @param fileSizeLimit no file may grow past this many bytes by a guest write (EFBIG, as RLIMIT_FSIZE) */
    public Sandbox(Path root, long fileSizeLimit) throws IOException {
        this.root = root.toRealPath();
        if (!Files.isDirectory(this.root, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("the sandbox " + root + " is not a directory");
        }
        if (fileSizeLimit < 0) {
            throw new IllegalArgumentException("fileSizeLimit must not be negative");
        }
        this.fileSizeLimit = fileSizeLimit;
    }

    public Path root() {
        return root;
    }

    public long fileSizeLimit() {
        return fileSizeLimit;
    }

    /**
     * Resolves {@code path} against the directory {@code base} (a guest path this resolver
     * produced, such as the working directory), following a symlink in the last component only
     * when {@code followLast} (a trailing slash always follows it).
     *
     * @return the resolved path; if only the last component is missing (the directory holding
     *     it exists), a {@link Resolved} whose {@code attributes} are null, so O_CREAT can create it
     * @throws SyscallError ENOENT, ENOTDIR, ELOOP, ENAMETOOLONG, EACCES
     */
    public Resolved resolve(String base, String path, boolean followLast) {
        if (path.isEmpty()) {
            throw new SyscallError(Errno.ENOENT);
        }
        if (path.getBytes(StandardCharsets.UTF_8).length >= PATH_MAX) {
            throw new SyscallError(Errno.ENAMETOOLONG);
        }
        List<String> dir = path.startsWith("/") ? new ArrayList<>() : components(base);
        Deque<String> todo = new ArrayDeque<>(components(path));
        boolean mustBeDirectory = path.endsWith("/");
        int links = 0;
        while (!todo.isEmpty()) {
            String name = todo.pollFirst();
            if (name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                if (!dir.isEmpty()) {
                    dir.removeLast();
                }
                continue;
            }
            if (name.getBytes(StandardCharsets.UTF_8).length > NAME_MAX) {
                throw new SyscallError(Errno.ENAMETOOLONG);
            }
            boolean last = todo.isEmpty();
            Path host = host(dir).resolve(name);
            BasicFileAttributes attributes = attributes(host);
            if (attributes == null) {
                if (!last) {
                    throw new SyscallError(Errno.ENOENT);
                }
                dir.add(name);
                return new Resolved(guestPath(dir), host, null);
            }
            if (attributes.isSymbolicLink() && (!last || followLast || mustBeDirectory)) {
                if (++links > MAX_LINKS) {
                    throw new SyscallError(Errno.ELOOP);
                }
                String target = linkTarget(host);
                if (target.isEmpty()) {
                    throw new SyscallError(Errno.ENOENT);
                }
                List<String> expanded = components(target);
                for (int i = expanded.size() - 1; i >= 0; i--) {
                    todo.addFirst(expanded.get(i));
                }
                if (target.startsWith("/")) {
                    dir.clear(); // the sandbox's root, never the host's
                }
                continue;
            }
            if (!last && !attributes.isDirectory()) {
                throw new SyscallError(Errno.ENOTDIR);
            }
            dir.add(name);
        }
        Path host = host(dir);
        BasicFileAttributes attributes = attributes(host);
        if (attributes == null) {
            throw new SyscallError(Errno.ENOENT); // removed under us
        }
        if (mustBeDirectory && !attributes.isDirectory()) {
            throw new SyscallError(Errno.ENOTDIR);
        }
        return new Resolved(guestPath(dir), host, attributes);
    }

    /** Where a guest path (one this resolver produced) is on the host. */
    Path hostPathOf(String guestPath) {
        return host(components(guestPath));
    }

    private Path host(List<String> dir) {
        try {
            return dir.isEmpty() ? root : root.resolve(String.join("/", dir));
        } catch (InvalidPathException e) {
            throw new SyscallError(Errno.ENOENT);
        }
    }

    private static BasicFileAttributes attributes(Path host) {
        try {
            return Files.readAttributes(host, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw HostErrors.toSyscallError(e);
        }
    }

    private static String linkTarget(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            throw HostErrors.toSyscallError(e);
        }
    }

    /** The non-empty components of a path, in order ("a//b/" is a, b). */
    private static List<String> components(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (!part.isEmpty()) {
                parts.add(part);
            }
        }
        return parts;
    }

    private static String guestPath(List<String> dir) {
        return "/" + String.join("/", dir);
    }

    /**
     * A resolved guest path: its canonical guest form, where it is on the host, and its
     * attributes (not following a final link), or null when it does not exist yet.
     */
    public record Resolved(String guestPath, Path hostPath, BasicFileAttributes attributes) {

        public boolean exists() {
            return attributes != null;
        }
    }
}
