package borgcell.borglet.vmm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Applets of Debian's static busybox, a glibc program we did not write, in a microVM whose "/" is
 * a sandbox: each prints exactly what the same applet prints natively in that directory.
 * ({@code busybox APPLET ARGS}: busybox picks the applet from argv[1] when argv[0] is "busybox".)
 */
@ParameterizedClass(name = "on {0}")
@MethodSource("borgcell.borglet.vmm.TestPlatforms#available")
class BusyboxAppletsTest {

    @Parameter Platform platform;

    @TempDir Path sandbox;
    private static Path busybox;

    @BeforeAll
    static void needsBusybox() {
        busybox = BusyboxGuests.busybox();
    }

    @BeforeEach
    void fillTheSandbox() throws Exception {
        Files.writeString(sandbox.resolve("poem.txt"), "so much depends\nupon\n\na red wheel\nbarrow\n");
        Files.write(sandbox.resolve("blob.bin"), bytes(100_000));
        Files.createDirectories(sandbox.resolve("dir/sub"));
        Files.writeString(sandbox.resolve("dir/a"), "a");
        Files.writeString(sandbox.resolve("dir/b.txt"), "bb");
    }

    @Test
    void echoPrintsItsArgumentsAsNatively() throws Exception {
        assertSameAsNative(List.of("busybox", "echo", "hello from", "a microVM", "ünïcödé"), "hello from a microVM ünïcödé\n");
        assertSameAsNative(List.of("busybox", "echo", "-n", "no newline"), "no newline");
    }

    @Test
    void catPrintsASandboxFileAsNatively() throws Exception {
        assertSameAsNative(List.of("busybox", "cat", "poem.txt", "dir/a"), "so much depends\nupon\n\na red wheel\nbarrow\na");
    }

    @Test
    void catOfAFileOutsideTheSandboxFailsAsForAMissingFile() throws Exception {
        GuestRun vm = GuestRun.inSandbox(platform, busybox, List.of("busybox", "cat", "../../../../etc/hostname"), sandbox);

        assertThat(vm.stdout()).isEmpty();
        assertThat(vm.stderr()).isEqualTo("cat: can't open '../../../../etc/hostname': No such file or directory\n");
        assertThat(vm.exitCode()).isEqualTo(1);
    }

    @Test
    void wcCountsLinesWordsAndBytesAsNatively() throws Exception {
        assertSameAsNative(List.of("busybox", "wc", "poem.txt", "blob.bin", "dir/b.txt"), null);
    }

    @Test
    void sha256sumHashesSandboxFilesAsNatively() throws Exception {
        GuestRun vm = assertSameAsNative(List.of("busybox", "sha256sum", "poem.txt", "blob.bin"), null);

        assertThat(vm.stdout()).startsWith("96241ad5efe3efaa").hasLineCount(2);
    }

    @Test
    void lsListsTheSandboxAsNatively() throws Exception {
        assertSameAsNative(List.of("busybox", "ls"), "blob.bin\ndir\npoem.txt\n");
        assertSameAsNative(List.of("busybox", "ls", "-a", "dir"), ".\n..\na\nb.txt\nsub\n");
        assertSameAsNative(List.of("busybox", "ls", "-R"), null);
        assertSameAsNative(List.of("busybox", "ls", "-s", "-1", "dir"), null);
    }

    /** Runs {@code args} in a microVM with the sandbox as "/" and natively in it; both must agree (and equal {@code expected} unless null). */
    private GuestRun assertSameAsNative(List<String> args, String expected) throws Exception {
        GuestRun vm = GuestRun.inSandbox(platform, busybox, args, sandbox);
        GuestRun host = GuestRun.nativelyIn(sandbox, busybox, args);

        assertThat(vm.stderr()).as("stderr of %s", args).isEqualTo(host.stderr()).isEmpty();
        assertThat(vm.stdout()).as("stdout of %s", args).isEqualTo(host.stdout());
        if (expected != null) {
            assertThat(vm.stdout()).isEqualTo(expected);
        }
        assertThat(vm.exitCode()).as("exit code of %s", args).isEqualTo(host.exitCode()).isZero();
        return vm;
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + (i >> 8));
        }
        return b;
    }
}
