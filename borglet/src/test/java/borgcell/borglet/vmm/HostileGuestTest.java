package borgcell.borglet.vmm;

import static org.assertj.core.api.Assertions.assertThat;

import borgcell.borglet.vmm.libos.GuestStreams;
import borgcell.borglet.vmm.ptrace.PtracePlatform;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The guest is the adversary. It tries every door past the library OS it could know of: each
 * is answered with an error or ends the guest with a reason, nothing reaches the host kernel,
 * and the VMM (this JVM) and the other guests go on. A syscall that reached the host would
 * show here: a real pid, the host's /etc/hostname, a child process, a mapped host descriptor.
 */
@ParameterizedClass(name = "on {0}")
@MethodSource("borgcell.borglet.vmm.TestPlatforms#available")
class HostileGuestTest {

    @Parameter Platform platform;
    @TempDir Path sandbox;
    private MicroVm bystander;
    private final ByteArrayOutputStream bystanderOut = new ByteArrayOutputStream();

    @BeforeAll
    static void needsMusl() {
        MuslGuests.assumeMuslGcc();
    }

    /** Another guest on the same VMM, asleep: whatever the hostile one does, it must still be there after. */
    @BeforeEach
    void startABystander() throws Exception {
        bystander = MicroVm.builder().platform(platform).program(Files.readAllBytes(MuslGuests.compiled("sleep")))
                .args(List.of("sleep", "forever")).streams(new GuestStreams(bystanderOut, new ByteArrayOutputStream()))
                .build().start();
        org.awaitility.Awaitility.await().until(() -> bystanderOut.toString(StandardCharsets.UTF_8).contains("sleeping"));
    }

    @org.junit.jupiter.api.AfterEach
    void theBystanderIsUnharmed() throws Exception {
        assertThat(bystander.result()).as("the other guest still runs").isNotDone();
        bystander.kill();
        assertThat(bystander.result().get(5, TimeUnit.SECONDS).outcome()).isEqualTo(new VmOutcome.Killed());
    }

    @Test
    void everySyscallThatWouldReachPastTheLibraryOsIsAnsweredByIt() throws Exception {
        Files.createDirectories(sandbox.resolve("etc"));
        Files.writeString(sandbox.resolve("etc/hostname"), "the-sandbox\n");

        GuestRun run = GuestRun.inSandbox(platform, MuslGuests.compiled("hostile"), List.of("hostile"), sandbox);

        assertThat(run.stdout()).isEqualTo("""
                getpid: 1
                getppid: 0
                kill parent: -1 Function not implemented
                kill group: -1 Function not implemented
                kill init: -1 Function not implemented
                ptrace traceme: -1 Function not implemented
                fork: -38 Function not implemented
                vfork: -38 Function not implemented
                clone: -38 Function not implemented
                execve: -38 Function not implemented
                /etc/hostname says: the-sandbox
                open /proc/self/maps: -1 No such file or directory
                mmap of descriptors 0-1023 that map: 0
                memfd_create: -1 Function not implemented
                socket: -1 Function not implemented
                personality: -1 Function not implemented
                seccomp: -1 Function not implemented
                prctl: -1 Function not implemented
                done
                """);
        assertThat(run.exitCode()).isZero();
        assertThat(run.vm().stats().unsupported()).containsKeys(62L, 101L, 57L, 58L, 56L, 59L);
    }

    @Test
    void withoutTheFileInItsSandboxTheGuestSeesNoHostnameAtAll() throws Exception {
        GuestRun run = GuestRun.inSandbox(platform, MuslGuests.compiled("hostile"), List.of("hostile"), sandbox);

        assertThat(run.stdout()).contains("open /etc/hostname: -1 No such file or directory\n")
                .doesNotContain(Files.readString(Path.of("/etc/hostname")).strip() + "\n");
    }

    @Test
    void int0x80EndsTheGuestWithAReason() throws Exception {
        assertEndsWithAFault(run("int80"), "int 0x80 returned");
    }

    @Test
    void thirtyTwoBitCodeEndsTheGuestWithAReason() throws Exception {
        assertEndsWithAFault(run("compat"), "32-bit code returned");
    }

    @Test
    void aJumpToWhereTheHostsVdsoIsFaultsForThereIsNoneInTheGuest() throws Exception {
        String vdso = Files.readAllLines(Path.of("/proc/self/maps")).stream().filter(l -> l.endsWith("[vdso]"))
                .map(l -> l.substring(0, l.indexOf('-'))).findFirst().orElse("7fff00000000");

        GuestRun run = run("jump", vdso);

        assertEndsWithAFault(run, "came back");
        assertThat(run.exitCode()).isEqualTo(139);
        assertThat(run.stderr()).contains("not mapped");
    }

    @Test
    void aCallIntoTheVsyscallPageNeverReachesTheHostsClock() throws Exception {
        GuestRun run = run("jump", "ffffffffff600000");

        assertEndsWithAFault(run, "came back");
        if (platform.name().equals(PtracePlatform.NAME)) {
            // The kernel emulates the vsyscall page without a syscall stop; the stub's seccomp filter refuses it.
            assertThat(run.exitCode()).isEqualTo(128 + 31);
            assertThat(run.stderr()).contains("seccomp");
        }
    }

    @Test
    void aHundredThousandRandomSyscallsAreAllAnsweredAndTheGuestGoesOn() throws Exception {
        GuestRun run = GuestRun.inSandbox(platform, MuslGuests.compiled("random_syscalls"),
                List.of("random_syscalls", "100000", "7"), sandbox);

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).endsWith(" random syscalls\n").contains("answered 9");
        assertThat(run.vm().stats().syscallTotal()).isGreaterThan(90_000);
        assertThat(run.vm().stats().unsupported()).hasSizeGreaterThan(100);
    }

    private GuestRun run(String... args) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of("hostile"));
        argv.addAll(List.of(args));
        GuestRun run = GuestRun.inSandbox(platform, MuslGuests.compiled("hostile"), argv, sandbox);
        assertThat(run.stdout()).startsWith("about to try " + args[0] + "\n");
        return run;
    }

    private static void assertEndsWithAFault(GuestRun run, String wouldHavePrinted) {
        assertThat(run.stdout()).doesNotContain(wouldHavePrinted).doesNotContain("survived");
        assertThat(run.exitCode()).isGreaterThan(128);
        assertThat(run.stderr()).startsWith("microvm: guest fault: ").contains("last syscall: ");
        assertThat(run.vm().outcome()).isInstanceOf(VmOutcome.Faulted.class);
    }
}
