package borgcell.cli.vm;

import static org.assertj.core.api.Assertions.assertThat;

import borgcell.borglet.vmm.Platform;
import borgcell.borglet.vmm.Platforms;
import borgcell.borglet.vmm.guest.TinyElf;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code borg vm run} as a user runs it: a separate JVM, real stdout and stderr, the real exit status. */
class VmRunCommandTest {

    /** write(1, "hello\n", 6); exit_group(7). */
    private static final byte[] HELLO = TinyElf.of(new byte[] {
            (byte) 0xB8, 0x01, 0x00, 0x00, 0x00,              //  0: mov eax, 1          ; write
            (byte) 0xBF, 0x01, 0x00, 0x00, 0x00,              //  5: mov edi, 1          ; stdout
            0x48, (byte) 0x8D, 0x35, 0x13, 0x00, 0x00, 0x00,  // 10: lea rsi, [rip + 19] ; the message, at 36
            (byte) 0xBA, 0x06, 0x00, 0x00, 0x00,              // 17: mov edx, 6
            0x0F, 0x05,                                       // 22: syscall
            (byte) 0xB8, (byte) 0xE7, 0x00, 0x00, 0x00,       // 24: mov eax, 231        ; exit_group
            (byte) 0xBF, 0x07, 0x00, 0x00, 0x00,              // 29: mov edi, 7
            0x0F, 0x05,                                       // 34: syscall
            'h', 'e', 'l', 'l', 'o', '\n',                    // 36
    });

    @TempDir Path dir;

    @Test
    void runsAStaticBinaryPassingItsOutputAndExitStatusThrough() throws Exception {
        HostPlatforms.assumeOne();
        Path hello = write("hello", HELLO);

        Run run = borg("vm", "run", hello.toString());

        assertThat(run.stdout()).isEqualTo("hello\n");
        assertThat(run.stderr()).isEmpty();
        assertThat(run.exitCode()).isEqualTo(7);
    }

    @Test
    void statsPrintOneJsonLineLastOnStderrNamingThePlatformAutoChose() throws Exception {
        List<Platform> here = HostPlatforms.assumeOne();
        Path hello = write("hello", HELLO);

        Run run = borg("vm", "run", "--ram", "16Mi", "--stats", hello.toString(), "--not-an-option-of-borg");

        assertThat(run.stdout()).isEqualTo("hello\n");
        assertThat(run.stderr().lines().toList()).hasSize(1);
        assertThat(run.stderr()).matches("\\{\"create_us\":\\d+,\"load_us\":\\d+,\"run_us\":\\d+,\"exits\":2,"
                + "\"syscalls\":\\{\"write\":1,\"exit_group\":1},\"syscalls_total\":2,\"enosys\":\\{},\"exit_code\":7,"
                + "\"platform\":\"" + here.getFirst().name() + "\"}\n");
        assertThat(run.exitCode()).isEqualTo(7);
    }

    @Test
    void ptraceRunsTheProgramWhenAskedForAndTheStatsSaySo() throws Exception {
        HostPlatforms.assumePtrace();
        Path hello = write("hello", HELLO);

        Run run = borg("vm", "run", "--platform", "ptrace", "--stats", hello.toString());

        assertThat(run.stdout()).isEqualTo("hello\n");
        assertThat(run.stderr()).startsWith("{\"create_us\":").endsWith(",\"platform\":\"ptrace\"}\n");
        assertThat(run.exitCode()).isEqualTo(7);
    }

    @Test
    void kvmRunsTheProgramWhenAskedForWhereItWorksAndTheStatsSaySo() throws Exception {
        Assumptions.assumeTrue(HostPlatforms.kvmWorks(), "KVM does not work on this host ("
                + Platforms.whyNot("kvm").orElse("?") + "), so --platform kvm is refused instead (tested beside)");
        Path hello = write("hello", HELLO);

        Run run = borg("vm", "run", "--platform", "kvm", "--stats", hello.toString());

        assertThat(run.stdout()).isEqualTo("hello\n");
        assertThat(run.stderr()).startsWith("{\"create_us\":").endsWith(",\"platform\":\"kvm\"}\n");
        assertThat(run.exitCode()).isEqualTo(7);
    }

    @Test
    void kvmWhereThereIsNoneIsRefusedWithOneLineNamingWhatWorksAndStatus2() throws Exception {
        Assumptions.assumeFalse(HostPlatforms.kvmWorks(), "KVM works on this host, so --platform kvm is no error here");
        Path hello = write("hello", HELLO);

        Run run = borg("vm", "run", "--platform", "kvm", hello.toString());

        String available = Platforms.available().stream().map(Platform::name).collect(Collectors.joining(", "));
        assertThat(run.stderr()).startsWith("borg: --platform kvm: not available on this host (")
                .endsWith("); available: " + (available.isEmpty() ? "none" : available) + "\n").hasLineCount(1);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.exitCode()).isEqualTo(2);
    }

    @Test
    void anUnknownPlatformIsRefusedWithStatus2() throws Exception {
        Path hello = write("hello", HELLO);

        Run run = borg("vm", "run", "--platform", "bogus", hello.toString());

        assertThat(run.stderr()).isEqualTo("borg: --platform bogus: unknown platform; one of auto, kvm, ptrace\n");
        assertThat(run.exitCode()).isEqualTo(2);
    }

    @Test
    void aFileThatIsNoElfIsRefusedWithOneLineAndStatus2() throws Exception {
        Path script = write("script.sh", "#!/bin/sh\necho hi\n".getBytes(StandardCharsets.US_ASCII));

        Run run = borg("vm", "run", script.toString());

        assertThat(run.stderr()).isEqualTo("borg: " + script + ": not an ELF file (no \\x7fELF magic at the start)\n");
        assertThat(run.stdout()).isEmpty();
        assertThat(run.exitCode()).isEqualTo(2);
    }

    @Test
    void aMissingFileADynamicBinaryAndAbsurdRamAreRefusedWithStatus2() throws Exception {
        Run missing = borg("vm", "run", dir.resolve("nothing-here").toString());
        assertThat(missing.stderr()).isEqualTo("borg: " + dir.resolve("nothing-here") + ": no such file\n");
        assertThat(missing.exitCode()).isEqualTo(2);

        Path sh = Path.of("/bin/sh").toRealPath();
        Run dynamic = borg("vm", "run", sh.toString());
        assertThat(dynamic.stderr()).startsWith("borg: " + sh + ": dynamically linked (it asks for the interpreter ")
                .endsWith("): only static executables run in a microVM\n");
        assertThat(dynamic.exitCode()).isEqualTo(2);

        Path hello = write("hello", HELLO);
        Run huge = borg("vm", "run", "--ram", "1Pi", hello.toString());
        assertThat(huge.stderr()).isEqualTo("borg: --ram: guest RAM must be between 8 MiB and 64 GiB, not 1125899906842624 bytes\n");
        assertThat(huge.exitCode()).isEqualTo(2);

        Run nonsense = borg("vm", "run", "--ram", "lots", hello.toString());
        assertThat(nonsense.stderr()).startsWith("borg: --ram: ").hasLineCount(1);
        assertThat(nonsense.exitCode()).isEqualTo(2);
    }

    @Test
    void aSpinningProgramEndsAtItsTimeoutWithStatus124() throws Exception {
        HostPlatforms.assumeOne();
        Path spin = write("spin", TinyElf.of(new byte[] {(byte) 0xEB, (byte) 0xFE})); // jmp $

        Run run = borg("vm", "run", "--timeout", "300ms", spin.toString());

        assertThat(run.stderr()).isEqualTo("microvm: deadline of 300 ms passed; guest stopped\n");
        assertThat(run.exitCode()).isEqualTo(124);
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    private record Run(String stdout, String stderr, int exitCode) {}

    /** {@code borg ARGS} in a fresh JVM on this test's class path, as the launcher would run it. */
    private static Run borg(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "borgcell.cli.BorgCommand"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        String out = readAll(process.getInputStream());
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("borg " + String.join(" ", args) + " did not end within 60 s");
        }
        return new Run(out, err.join(), process.exitValue());
    }

    private static String readAll(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
