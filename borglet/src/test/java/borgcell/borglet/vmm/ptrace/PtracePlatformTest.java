package borgcell.borglet.vmm.ptrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import borgcell.borglet.vmm.MicroVm;
import borgcell.borglet.vmm.TestPlatforms;
import borgcell.borglet.vmm.VmOutcome;
import borgcell.borglet.vmm.VmResult;
import borgcell.borglet.vmm.guest.TinyElf;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pool of prepared stubs: kept full in the background, and a guest that finds it empty still starts. */
class PtracePlatformTest {

    /** mov eax, 231; mov edi, 3; syscall: exit_group(3). */
    private static final byte[] EXIT_3 = TinyElf.of(new byte[] {
            (byte) 0xB8, (byte) 0xE7, 0x00, 0x00, 0x00, (byte) 0xBF, 0x03, 0x00, 0x00, 0x00, 0x0F, 0x05});

    @BeforeAll
    static void needsPtrace() {
        TestPlatforms.available();
    }

    @Test
    void thePoolRefillsAfterEachStartAndItsStubsEndWhenItCloses() throws Exception {
        PtracePlatform platform = new PtracePlatform(3);
        try {
            VmResult first = MicroVm.builder().platform(platform).program(EXIT_3).build().run();
            await().atMost(Duration.ofSeconds(10)).until(() -> platform.preparedNow() == 3);
            VmResult second = MicroVm.builder().platform(platform).program(EXIT_3).build().run();

            assertThat(first.outcome()).isEqualTo(new VmOutcome.Exited(3));
            assertThat(second.outcome()).isEqualTo(new VmOutcome.Exited(3));
            await().atMost(Duration.ofSeconds(10)).until(() -> platform.preparedNow() == 3);
        } finally {
            platform.close();
        }
        assertThat(platform.preparedNow()).isZero();
    }

    @Test
    void withNoStubPreparedAGuestPreparesItsOwn() throws Exception {
        PtracePlatform platform = new PtracePlatform(0);

        VmResult result = MicroVm.builder().platform(platform).program(EXIT_3).build().run();

        assertThat(result.outcome()).isEqualTo(new VmOutcome.Exited(3));
        assertThat(platform.preparedNow()).isZero();
    }
}
