package borgcell.borglet.vmm.kvm;

import static org.assertj.core.api.Assertions.assertThat;

import borgcell.borglet.vmm.MicroVm;
import borgcell.borglet.vmm.memory.GuestMemory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The /dev/kvm bindings on their own, where the host has KVM. */
class KvmBindingsTest {

    @BeforeEach
    void needsKvm() {
        KvmDevice.assumePresent();
    }

    @Test
    void kvmMakesAVmWithGuestMemoryAndAVcpuWhoseRegistersWeCanSet() {
        try (Kvm kvm = Kvm.open();
             GuestMemory memory = GuestMemory.anonymous(8L << 20, false);
             KvmVm vm = kvm.createVm()) {
            vm.setUserMemoryRegion(0, 0, memory.host());
            try (KvmVcpu vcpu = vm.createVcpu(0)) {
                KvmRegs regs = vcpu.blankRegs();
                regs.rip(0x200000);
                regs.rsp(0x300000);
                vcpu.setRegs(regs);

                assertThat(vcpu.regs().rip()).isEqualTo(0x200000);
                assertThat(vcpu.regs().rsp()).isEqualTo(0x300000);
            }
        }
    }

    @Test
    void theKvmPlatformPassesItsSelfTest() {
        assertThat(MicroVm.selfTest(KvmPlatform.perVm())).isTrue();
    }
}
