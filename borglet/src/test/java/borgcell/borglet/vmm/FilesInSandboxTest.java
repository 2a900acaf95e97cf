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

/** A real static program sees its sandbox directory as "/" and nothing else of the host. */
@ParameterizedClass(name = "on {0}")
@MethodSource("borgcell.borglet.vmm.TestPlatforms#available")
class FilesInSandboxTest {

    @Parameter Platform platform;

    @TempDir Path sandbox;

    @BeforeAll
    static void needsMusl() {
        MuslGuests.assumeMuslGcc();
    }

    @BeforeEach
    void fillTheSandbox() throws Exception {
        Files.writeString(sandbox.resolve("data.txt"), "hello file\nsecond line\n");
        Files.createDirectories(sandbox.resolve("dir/sub"));
        Files.writeString(sandbox.resolve("dir/a"), "a");
        Files.writeString(sandbox.resolve("dir/b.txt"), "b");
        Files.createSymbolicLink(sandbox.resolve("dir/link_to_data"), Path.of("../data.txt"));
        // Every way out we could think of: each must stay inside, where there is no etc/passwd.
        Files.createSymbolicLink(sandbox.resolve("escape"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(sandbox.resolve("up"), Path.of("../../../../../../etc/passwd"));
        Files.createSymbolicLink(sandbox.resolve("dir/hop"), Path.of("../up"));
        Files.createSymbolicLink(sandbox.resolve("loop1"), Path.of("loop2"));
        Files.createSymbolicLink(sandbox.resolve("loop2"), Path.of("/loop1"));
    }

    @Test
    void aProgramReadsListsAndWritesItsSandboxAndCannotLeaveIt() throws Exception {
        GuestRun run = GuestRun.inSandbox(platform, MuslGuests.compiled("files"), List.of("files"), sandbox);

        assertThat(run.stderr()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).contains(
                "cat: hello file\ncat: second line\n",
                "fstat: size 23 regular 1\n",
                "lseek end: 23\n",
                "pread: 6 'second'\n",
                "lseek bad whence: -1 Invalid argument\n",
                "read after close: -1 Bad file descriptor\n",
                "ls /dir: ./ ../ a b.txt hop@ link_to_data@ sub/\n",
                "getcwd: /\nchdir dir: 0\ngetcwd: /dir\n",
                "open ../data.txt: OPENED (23 bytes: hello file\nsecond li)\n",
                "chdir /../..: 0\ngetcwd: /\n",
                "getcwd tiny: NULL Result not representable\n",
                "open ../../etc/passwd: No such file or directory\n",
                "open /../../../etc/passwd: No such file or directory\n",
                "open /escape: No such file or directory\n",
                "open /up: No such file or directory\n",
                "open /dir/hop: No such file or directory\n",
                "open /loop1: Symbolic link loop\n",
                "open /dir/link_to_data: OPENED",
                "open /dir/link_to_data: Symbolic link loop\n",
                "open /data.txt/x: Not a directory\n",
                "open /dir: Is a directory\n",
                "open /data.txt: File exists\n",
                "stat link: 0 size 23\n",
                "lstat link: 0 symlink 1\n",
                "stat escape: -1 No such file or directory\n",
                "access data: 0\n",
                "out.txt: written by the guest: 42\nout.txt: appended\n",
                "mmap: hello file\n",
                "mmap shared writable: No such device\n",
                "opened 253 more, then: No file descriptors available\n");
        assertThat(run.stdout()).doesNotContain("root:");
        assertThat(Files.readString(sandbox.resolve("out.txt"))).isEqualTo("written by the guest: 42\nappended\n");
        assertThat(Files.readString(sandbox.resolve("data.txt"))).as("a private mapping is a copy").startsWith("hello");
        assertThat(run.vm().stats().unsupported()).isEmpty();
        assertThat(run.vm().stats().syscalls()).containsKeys("open", "close", "fstat", "lseek", "pread64", "getdents64",
                "getcwd", "chdir", "stat", "lstat", "mmap");
    }

    @Test
    void withoutASandboxEveryPathIsMissing() throws Exception {
        GuestRun run = GuestRun.inMicroVm(platform, MuslGuests.compiled("files"), List.of("files"), List.of());

        assertThat(run.stdout()).isEqualTo("fopen: No such file or directory\n");
        assertThat(run.exitCode()).isEqualTo(1);
    }
}
