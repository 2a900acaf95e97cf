package borgcell.borglet.vmm;

import static org.assertj.core.api.Assertions.assertThat;

import borgcell.borglet.vmm.libos.GuestStreams;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

@ParameterizedClass(name = "on {0}")
@MethodSource("borgcell.borglet.vmm.TestPlatforms#available")
class SelfTestTest {

    @Parameter Platform platform;

    @Test
    void theBuiltInGuestPassesOnThisHost() {
        assertThat(MicroVm.selfTestFailure(platform)).isEmpty();
        assertThat(MicroVm.selfTest(platform)).isTrue();
    }

    @Test
    void theBuiltInGuestWritesOkAndExitsZeroWithTwoSyscalls() throws Exception {
        var out = new ByteArrayOutputStream();
        VmResult result = MicroVm.builder().platform(platform).program(SelfTestGuest.elf()).args(List.of("self-test"))
                .streams(new GuestStreams(out, System.err)).build().run();

        assertThat(result.outcome()).isEqualTo(new VmOutcome.Exited(0));
        assertThat(out.toString()).isEqualTo("ok\n");
        assertThat(result.stats().syscalls()).containsExactly(Map.entry("write", 1L), Map.entry("exit_group", 1L));
        assertThat(result.stats().exits()).isEqualTo(2);
    }
}
