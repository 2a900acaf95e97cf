package borgcell.borglet.vmm;

import static org.assertj.core.api.Assertions.assertThat;

import borgcell.borglet.vmm.host.Errno;
import borgcell.borglet.vmm.host.NativeCallException;
import borgcell.borglet.vmm.kvm.KvmPlatform;
import borgcell.borglet.vmm.ptrace.PtracePlatform;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** How the platform is chosen, and that a platform passed over says why, on any host. */
class PlatformsTest {

    @Test
    void aPlatformThatCannotMakeItsMachineFailsTheSelfTestNamingTheCallRefused() {
        Platform refusing = new FakePlatform(KvmPlatform.NAME, () -> {
            throw new NativeCallException("KVM_CREATE_VM", Errno.ENODEV);
        });

        assertThat(MicroVm.selfTest(refusing)).isFalse();
        assertThat(MicroVm.selfTestFailure(refusing)).hasValueSatisfying(why ->
                assertThat(why).contains("KVM_CREATE_VM failed: ENODEV"));
    }

    @Test
    void aPlatformThatCannotEvenLaunchAGuestFailsTheSelfTestSayingWhy() {
        Platform broken = new Platform() {
            @Override public String name() { return "broken"; }
            @Override public void launch(Consumer<MachineFactory> guest) { throw new IllegalStateException("no vCPU thread"); }
        };

        assertThat(MicroVm.selfTestFailure(broken)).hasValueSatisfying(why -> assertThat(why).contains("no vCPU thread"));
    }

    @Test
    void theChoiceNamesThePlatformTakenAndWhyEachOnePassedOverWas() {
        Map<Platform, Optional<String>> failures = new LinkedHashMap<>();
        failures.put(new FakePlatform(KvmPlatform.NAME, null), Optional.of("microvm: guest fault: triple fault"));
        failures.put(new FakePlatform(PtracePlatform.NAME, null), Optional.empty());

        assertThat(Platforms.choice(failures)).isEqualTo(
                "microVM platform ptrace (working here: ptrace); kvm does not work here: microvm: guest fault: triple fault");
    }

    @Test
    void theChoiceOfTheFirstWorkingPlatformNeedsNoExcuse() {
        Map<Platform, Optional<String>> failures = new LinkedHashMap<>();
        failures.put(new FakePlatform(KvmPlatform.NAME, null), Optional.empty());
        failures.put(new FakePlatform(PtracePlatform.NAME, null), Optional.empty());

        assertThat(Platforms.choice(failures)).isEqualTo("microVM platform kvm (working here: kvm, ptrace)");
    }

    @Test
    void whereNothingWorksTheChoiceGivesEveryReason() {
        Map<Platform, Optional<String>> failures = new LinkedHashMap<>();
        failures.put(new FakePlatform(KvmPlatform.NAME, null), Optional.of("microvm: open(/dev/kvm) failed: ENOENT (errno 2)"));
        failures.put(new FakePlatform(PtracePlatform.NAME, null), Optional.of("PTRACE_SEIZE failed: EPERM (errno 1)"));

        assertThat(Platforms.choice(failures)).isEqualTo("no microVM platform works on this host; "
                + "kvm does not work here: microvm: open(/dev/kvm) failed: ENOENT (errno 2); "
                + "ptrace does not work here: PTRACE_SEIZE failed: EPERM (errno 1)");
    }

    @Test
    void aPlatformIsAvailableExactlyWhenItHasNoReasonNotToBe() {
        for (String name : new String[] {KvmPlatform.NAME, PtracePlatform.NAME}) {
            assertThat(Platforms.whyNot(name).isEmpty()).as(name + ": " + Platforms.whyNot(name))
                    .isEqualTo(Platforms.named(name).isPresent());
        }
    }

    /** A platform whose machine factory runs {@code machine} on a thread of its own. */
    private record FakePlatform(String name, Supplier<GuestMachine> machine) implements Platform {

        @Override
        public void launch(Consumer<MachineFactory> guest) {
            Thread.ofPlatform().start(() -> guest.accept((ram, hugePages) -> machine.get()));
        }
    }
}
