package borgcell.borglet.vmm;

import static org.assertj.core.api.Assertions.assertThat;

import borgcell.borglet.vmm.guest.ElfException;
import borgcell.borglet.vmm.guest.TinyElf;
import borgcell.borglet.vmm.libos.GuestStreams;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Machine code no compiler wrote: the self-test guest with random bytes of its code and data
 * flipped. Whatever a mutant does (fault, spin, make odd syscalls, exit), it ends within its
 * deadline with an outcome and an exit status, and the VMM is left as it was.
 */
@ParameterizedClass(name = "on {0}")
@MethodSource("borgcell.borglet.vmm.TestPlatforms#available")
class MutatedGuestTest {

    private static final int MUTANTS = 150;

    @Parameter Platform platform;

    @Test
    void everyMutantOfAValidProgramEndsWithinItsDeadlineAndLeavesNothingBehind() throws Exception {
        byte[] valid = SelfTestGuest.elf();
        SplittableRandom random = new SplittableRandom(20261130);
        long stubsBefore = microVmStubs();
        int faulted = 0;
        for (int i = 0; i < MUTANTS; i++) {
            byte[] mutant = valid.clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                mutant[TinyElf.CODE_OFFSET + random.nextInt(mutant.length - TinyElf.CODE_OFFSET)] = (byte) random.nextInt(256);
            }
            VmResult result = run(mutant);

            assertThat(result.outcome()).as("mutant %d", i).isNotInstanceOf(VmOutcome.Failed.class);
            faulted += result.outcome() instanceof VmOutcome.Faulted ? 1 : 0;
        }
        assertThat(faulted).as("most mutants crash").isPositive();
        assertThat(microVmStubs()).as("no stub left behind (the pool may hold its prepared ones)")
                .isLessThanOrEqualTo(Math.max(stubsBefore, borgcell.borglet.vmm.ptrace.PtracePlatform.DEFAULT_PREPARED));
    }

    private VmResult run(byte[] program) throws ElfException {
        return MicroVm.builder().platform(platform).program(program).args(List.of("mutant")).timeout(Duration.ofMillis(300))
                .streams(new GuestStreams(new ByteArrayOutputStream(), new ByteArrayOutputStream())).build().run();
    }

    /** Live stub processes of this JVM (the ptrace platform's; none on KVM). */
    private static long microVmStubs() {
        return ProcessHandle.current().children()
                .filter(p -> borgcell.borglet.vmm.ptrace.PtracePlatform.isStub(p.pid()) && p.isAlive()).count();
    }
}
