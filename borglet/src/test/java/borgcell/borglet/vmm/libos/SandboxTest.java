package borgcell.borglet.vmm.libos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import borgcell.borglet.vmm.host.Errno;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The path resolver against hostile paths and symlinks: nothing resolves outside the sandbox. */
class SandboxTest {

    @TempDir Path parent;
    private Path root;
    private Sandbox sandbox;

    @BeforeEach
    void makeASandboxWithASecretNextToIt() throws Exception {
        // The secret is the sandbox's sibling: one ".." too many would reach it.
        Files.writeString(parent.resolve("secret"), "host secret");
        root = Files.createDirectory(parent.resolve("root"));
        Files.createDirectories(root.resolve("a/b"));
        Files.writeString(root.resolve("a/file"), "data");
        Files.writeString(root.resolve("secret"), "the sandbox's own");
        sandbox = new Sandbox(root, Long.MAX_VALUE);
    }

    @Test
    void dotDotStopsAtTheSandboxRoot() {
        assertThat(resolve("/", "../secret").hostPath()).isEqualTo(sandbox.root().resolve("secret"));
        assertThat(resolve("/a/b", "../../../../../secret").guestPath()).isEqualTo("/secret");
        assertThat(resolve("/", "/..").guestPath()).isEqualTo("/");
        assertThat(resolve("/a", "b/../../a/./file").guestPath()).isEqualTo("/a/file");
    }

    @Test
    void absoluteSymlinksPointIntoTheSandboxNotTheHost() throws Exception {
        Files.createSymbolicLink(root.resolve("abs"), parent.resolve("secret"));       // the host path of the secret
        Files.createSymbolicLink(root.resolve("etc"), Path.of("/etc"));
        Files.createSymbolicLink(root.resolve("slash"), Path.of("/"));

        assertThat(errno(() -> resolve("/", "abs"))).as("its host path means nothing in here").isEqualTo(Errno.ENOENT);
        assertThat(errno(() -> resolve("/", "etc/passwd"))).as("in here, /etc is this very link").isEqualTo(Errno.ELOOP);
        assertThat(resolve("/", "slash/../../secret").hostPath()).isEqualTo(sandbox.root().resolve("secret"));
    }

    @Test
    void relativeSymlinksAndChainsThatClimbOutStayInside() throws Exception {
        Files.createSymbolicLink(root.resolve("a/up"), Path.of("../../secret"));
        Files.createSymbolicLink(root.resolve("a/b/up2"), Path.of("../up"));
        Files.createSymbolicLink(root.resolve("dir_up"), Path.of(".."));
        Files.createSymbolicLink(root.resolve("a/b/climb"), Path.of("../../dir_up/dir_up/.."));

        assertThat(resolve("/", "a/up").hostPath()).isEqualTo(sandbox.root().resolve("secret"));
        assertThat(resolve("/a/b", "up2").hostPath()).isEqualTo(sandbox.root().resolve("secret"));
        assertThat(resolve("/", "a/b/climb/secret").hostPath()).isEqualTo(sandbox.root().resolve("secret"));
        assertThat(resolve("/", "dir_up/dir_up/dir_up").guestPath()).isEqualTo("/");
    }

    @Test
    void symlinkLoopsEndInEloop() throws Exception {
        Files.createSymbolicLink(root.resolve("self"), Path.of("self"));
        Files.createSymbolicLink(root.resolve("ping"), Path.of("/pong"));
        Files.createSymbolicLink(root.resolve("pong"), Path.of("ping/x"));

        assertThat(errno(() -> { resolve("/", "self"); })).isEqualTo(Errno.ELOOP);
        assertThat(errno(() -> resolve("/", "ping"))).isEqualTo(Errno.ELOOP);
    }

    @Test
    void aFinalSymlinkIsFollowedOnlyWhenAsked() throws Exception {
        Files.createSymbolicLink(root.resolve("link"), Path.of("a/file"));

        assertThat(resolve("/", "link").attributes().isRegularFile()).isTrue();
        assertThat(sandbox.resolve("/", "link", false).attributes().isSymbolicLink()).isTrue();
        assertThat(errno(() -> sandbox.resolve("/", "link/", false))).as("a trailing slash follows, then wants a directory")
                .isEqualTo(Errno.ENOTDIR);
    }

    @Test
    void badPathsFailWithLinuxErrnos() {
        assertThat(errno(() -> resolve("/", ""))).isEqualTo(Errno.ENOENT);
        assertThat(errno(() -> resolve("/", "missing/x"))).isEqualTo(Errno.ENOENT);
        assertThat(errno(() -> resolve("/", "a/file/x"))).isEqualTo(Errno.ENOTDIR);
        assertThat(errno(() -> resolve("/", "a/file/.."))).isEqualTo(Errno.ENOTDIR);
        assertThat(errno(() -> resolve("/", "x".repeat(256)))).isEqualTo(Errno.ENAMETOOLONG);
        assertThat(errno(() -> resolve("/", "a/".repeat(2100)))).isEqualTo(Errno.ENAMETOOLONG);
    }

    @Test
    void aMissingLastComponentResolvesForCreationInsideItsDirectory() {
        Sandbox.Resolved fresh = resolve("/a", "../a/b/new.txt");

        assertThat(fresh.exists()).isFalse();
        assertThat(fresh.guestPath()).isEqualTo("/a/b/new.txt");
        assertThat(fresh.hostPath()).isEqualTo(sandbox.root().resolve("a/b/new.txt"));
    }

    @Test
    void randomPathsOfDotsSlashesAndLinksNeverResolveOutside() throws Exception {
        Files.createSymbolicLink(root.resolve("a/l1"), Path.of(".."));
        Files.createSymbolicLink(root.resolve("a/b/l2"), Path.of("/../.."));
        Files.createSymbolicLink(root.resolve("l3"), Path.of("a/b/l2/a"));
        String[] parts = {"..", ".", "a", "b", "l1", "l2", "l3", "", "secret", "file", "..."};
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder path = new StringBuilder(random.nextBoolean() ? "/" : "");
            for (int n = random.nextInt(1, 12); n > 0; n--) {
                path.append(parts[random.nextInt(parts.length)]).append(random.nextInt(4) == 0 ? "//" : "/");
            }
            if (random.nextBoolean()) {
                path.setLength(path.length() - 1);
            }
            try {
                Sandbox.Resolved r = sandbox.resolve("/a/b", path.toString(), random.nextBoolean());
                assertThat(r.hostPath().normalize().startsWith(sandbox.root())).as(path.toString()).isTrue();
                assertThat(r.guestPath()).startsWith("/");
                assertThat(r.guestPath().split("/")).doesNotContain("..", ".");
            } catch (SyscallError e) {
                assertThat(e.errno()).isIn(Errno.ENOENT, Errno.ENOTDIR, Errno.ELOOP);
            }
        }
    }

    private Sandbox.Resolved resolve(String base, String path) {
        return sandbox.resolve(base, path, true);
    }

    private static int errno(Runnable call) {
        SyscallError error = catchThrowableOfType(SyscallError.class, call::run);
        assertThat(error).as("a SyscallError").isNotNull();
        return error.errno();
    }
}
