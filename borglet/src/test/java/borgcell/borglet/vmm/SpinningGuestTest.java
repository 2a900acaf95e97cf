package borgcell.borglet.vmm;

import static org.assertj.core.api.Assertions.assertThat;

import borgcell.borglet.vmm.guest.TinyElf;
import borgcell.borglet.vmm.libos.GuestStreams;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** A guest that never makes a syscall can still be stopped: kicked out of KVM_RUN, or its stub process killed. */
@ParameterizedClass(name = "on {0}")
@MethodSource("borgcell.borglet.vmm.TestPlatforms#available")
class SpinningGuestTest {

    @Parameter Platform platform;

    /** {@code jmp $}: two bytes of ring-3 code that spin forever without a VM exit. */
    private static final byte[] SPIN = TinyElf.of(new byte[] {(byte) 0xEB, (byte) 0xFE});

    @Test
    void aDeadlineEndsATightLoopWithStatus124AndSaysSo() throws Exception {
        var err = new ByteArrayOutputStream();
        long started = System.nanoTime();
        VmResult result = MicroVm.builder().platform(platform).program(SPIN).timeout(Duration.ofMillis(300))
                .streams(new GuestStreams(new ByteArrayOutputStream(), err)).build().run();
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(result.outcome()).isEqualTo(new VmOutcome.TimedOut(Duration.ofMillis(300)));
        assertThat(result.exitCode()).isEqualTo(124);
        assertThat(millis).isBetween(300L, 2_000L);
        assertThat(err.toString()).isEqualTo("microvm: deadline of 300 ms passed; guest stopped\n");
    }

    @Test
    void killStopsASpinningGuestWithin100Milliseconds() throws Exception {
        MicroVm vm = MicroVm.builder().platform(platform).program(SPIN).build().start();
        // Let it get into the loop: the kick must work on a guest that is really running.
        assertThat(vm.result()).isNotCompleted();
        Thread.sleep(200);
        assertThat(vm.result()).isNotCompleted();

        long kicked = System.nanoTime();
        vm.kill();
        VmResult result = vm.result().get(5, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - kicked) / 1_000_000;

        assertThat(result.outcome()).isEqualTo(new VmOutcome.Killed());
        assertThat(result.exitCode()).isEqualTo(137);
        assertThat(millis).isLessThan(100);
    }

    @Test
    void killBeforeTheGuestRunsStillEndsIt() throws Exception {
        MicroVm vm = MicroVm.builder().platform(platform).program(SPIN).args(List.of("spin")).build();
        vm.kill();
        VmResult result = vm.start().result().get(5, TimeUnit.SECONDS);

        assertThat(result.outcome()).isEqualTo(new VmOutcome.Killed());
    }
}
