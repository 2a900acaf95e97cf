package borgcell.borglet.vmm;

import static org.assertj.core.api.Assertions.assertThat;

import borgcell.borglet.vmm.libos.GuestStreams;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SelfTestTest {

    @BeforeEach
    void needsKvm() {
        KvmAvailability.assumeKvm();
    }

    @Test
    void theBuiltInGuestPassesOnThisHost() {
        assertThat(MicroVm.selfTest()).isTrue();
    }

    @Test
    void theBuiltInGuestWritesOkAndExitsZeroWithTwoSyscalls() throws Exception {
        var out = new ByteArrayOutputStream();
        VmResult result = MicroVm.builder().program(SelfTestGuest.elf()).args(List.of("self-test"))
                .streams(new GuestStreams(out, System.err)).build().run();

        assertThat(result.outcome()).isEqualTo(new VmOutcome.Exited(0));
        assertThat(out.toString()).isEqualTo("ok\n");
        assertThat(result.stats().syscalls()).containsExactly(
                java.util.Map.entry("write", 1L), java.util.Map.entry("exit_group", 1L));
        assertThat(result.stats().exits()).isEqualTo(2);
    }
}
