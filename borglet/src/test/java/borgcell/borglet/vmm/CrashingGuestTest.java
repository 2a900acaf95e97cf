package borgcell.borglet.vmm;

import static org.assertj.core.api.Assertions.assertThat;

import borgcell.borglet.vmm.kvm.KvmPlatform;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every way a CPU ends a program ends the guest with the status the host gives the same binary
 * (128 + the signal), and a crash report that says what, where, and the last syscall.
 */
@ParameterizedClass(name = "on {0}")
@MethodSource("borgcell.borglet.vmm.TestPlatforms#available")
class CrashingGuestTest {

    @Parameter Platform platform;

    @BeforeAll
    static void needsMusl() {
        MuslGuests.assumeMuslGcc();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @ValueSource(strings = {"ill", "fpe", "trap", "high"})
    void aFaultEndsTheGuestAsItEndsTheProcessWithACrashReport(String how) throws Exception {
        assertCrashesAsNatively(how);
    }

    @Test
    void aMisalignedAccessWithAlignmentChecksOnIsSigbus() throws Exception {
        Assumptions.assumeFalse(platform.name().equals(KvmPlatform.NAME),
                "KVM guests run with CR0.AM clear, so alignment checks never fire there");
        assertCrashesAsNatively("bus");
    }

    private void assertCrashesAsNatively(String how) throws Exception {
        Path crash = MuslGuests.compiled("crash");

        GuestRun vm = GuestRun.inMicroVm(platform, crash, List.of("crash", how), List.of());
        GuestRun host = GuestRun.natively(crash, List.of("crash", how), List.of());

        assertThat(host.exitCode()).as("the host's own verdict").isGreaterThan(128);
        assertThat(vm.exitCode()).isEqualTo(host.exitCode());
        assertThat(vm.stdout()).isEqualTo(host.stdout()).isEqualTo("about to " + how + "\n");
        String signal = switch (host.exitCode() - 128) {
            case 4 -> "SIGILL";
            case 5 -> "SIGTRAP";
            case 7 -> "SIGBUS";
            case 8 -> "SIGFPE";
            default -> "SIGSEGV";
        };
        assertThat(vm.stderr()).startsWith("microvm: guest fault: ").contains("(" + signal + ") at rip 0x",
                "last syscall: writev = ", "exit status " + host.exitCode());
    }
}
