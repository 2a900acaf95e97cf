package borgcell.borglet.vmm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Real static musl programs: in a microVM they print and exit exactly as they do as host processes. */
@ParameterizedClass(name = "on {0}")
@MethodSource("borgcell.borglet.vmm.TestPlatforms#available")
class StaticBinariesTest {

    @Parameter Platform platform;

    private static final List<String> ENV = List.of("HOME=/", "LANG=C", "BORG_TASK=hello.0");

    @BeforeAll
    static void needsMusl() {
        MuslGuests.assumeMuslGcc();
    }

    @Test
    void aStaticHelloPrintsExactlyWhatItPrintsNatively() throws Exception {
        Path hello = MuslGuests.compiled("hello");

        GuestRun vm = GuestRun.inMicroVm(platform, hello, List.of("hello"), ENV);
        GuestRun host = GuestRun.natively(hello, List.of("hello"), ENV);

        assertThat(vm.stdout()).isEqualTo(host.stdout()).isEqualTo("hello from a static binary\n");
        assertThat(vm.stderr()).isEqualTo(host.stderr()).isEmpty();
        assertThat(vm.exitCode()).isEqualTo(host.exitCode()).isZero();
        assertThat(vm.vm().stats().syscalls()).containsKeys("arch_prctl", "set_tid_address", "ioctl", "writev", "exit_group");
    }

    @Test
    void argumentsAndEnvironmentReachTheProgramAsNatively() throws Exception {
        Path echo = MuslGuests.compiled("echo_args_env");
        List<String> args = List.of("echo", "one", "two words", "", "ünïcödé", "--flag=x");

        GuestRun vm = GuestRun.inMicroVm(platform, echo, args, ENV);
        GuestRun host = GuestRun.natively(echo, args, ENV);

        assertThat(vm.stdout()).isEqualTo(host.stdout()).contains("argv[4]=ünïcödé", "env: BORG_TASK=hello.0");
        assertThat(vm.stderr()).isEqualTo(host.stderr()).isEqualTo("6 arguments, 3 variables\n");
        assertThat(vm.exitCode()).isEqualTo(host.exitCode()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 42, 255, 256})
    void exitStatusesAreThoseOfTheHost(int status) throws Exception {
        Path exit = MuslGuests.compiled("exit_code");
        List<String> args = List.of("exit_code", Integer.toString(status));

        GuestRun vm = GuestRun.inMicroVm(platform, exit, args, ENV);
        GuestRun host = GuestRun.natively(exit, args, ENV);

        assertThat(vm.stdout()).isEqualTo(host.stdout());
        assertThat(vm.exitCode()).isEqualTo(host.exitCode()).isEqualTo(status & 0xff);
    }

    @Test
    void mallocHeavyWorkBrkAndAnonymousMappingsGiveTheHostsResults() throws Exception {
        Path memory = MuslGuests.compiled("memory");

        GuestRun vm = GuestRun.inMicroVm(platform, memory, List.of("memory"), ENV);
        GuestRun host = GuestRun.natively(memory, List.of("memory"), ENV);

        assertThat(vm.stdout()).isEqualTo(host.stdout())
                .contains("mapping 2 zeroed: yes", "brk back where it was: yes", "regrown break zeroed: yes");
        assertThat(vm.exitCode()).isEqualTo(host.exitCode()).isZero();
        assertThat(vm.vm().stats().syscalls()).containsKeys("mmap", "munmap", "brk");
    }

    @Test
    void aNullPointerWriteEndsWithStatus139AndACrashReport() throws Exception {
        Path segfault = MuslGuests.compiled("segfault");

        GuestRun vm = GuestRun.inMicroVm(platform, segfault, List.of("segfault"), ENV);
        GuestRun host = GuestRun.natively(segfault, List.of("segfault"), ENV);

        assertThat(vm.stdout()).isEqualTo(host.stdout()).isEqualTo("about to fault\n");
        assertThat(vm.exitCode()).isEqualTo(host.exitCode()).isEqualTo(139);
        assertThat(vm.stderr()).startsWith("microvm: guest fault: #PF page fault (SIGSEGV) at rip 0x")
                .contains("fault address 0x0 (", "not mapped", "last syscall: writev = 15", "exit status 139");
    }

    @Test
    void anUnsupportedSyscallAnswersEnosysAndIsCounted() throws Exception {
        Path unsupported = MuslGuests.compiled("unsupported");

        GuestRun vm = GuestRun.inMicroVm(platform, unsupported, List.of("unsupported"), ENV);
        GuestRun host = GuestRun.natively(unsupported, List.of("unsupported"), ENV);

        assertThat(vm.stdout()).isEqualTo(host.stdout()).contains("syscall 999: -1 (Function not implemented)");
        assertThat(vm.exitCode()).isEqualTo(host.exitCode()).isEqualTo(3);
        assertThat(vm.vm().stats().unsupported()).containsEntry(999L, 1L).containsEntry(100000L, 1L);
    }

    @Test
    void clocksIdentityRandomnessAndSignalMasksBehaveAsOnTheHost() throws Exception {
        Path misc = MuslGuests.compiled("misc");

        GuestRun vm = GuestRun.inMicroVm(platform, misc, List.of("misc"), ENV);
        GuestRun host = GuestRun.natively(misc, List.of("misc"), ENV);

        assertThat(vm.stdout()).isEqualTo(host.stdout()).contains("uname: 0 Linux x86_64", "getrandom: 64 bytes, nonzero yes");
        assertThat(vm.exitCode()).isEqualTo(host.exitCode()).isZero();
        assertThat(vm.vm().stats().unsupported()).isEmpty();
    }
}
