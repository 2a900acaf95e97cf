package borgcell.borglet.vmm.kvm;

import static org.assertj.core.api.Assertions.assertThat;

import borgcell.borglet.vmm.arch.GuestCode;
import borgcell.borglet.vmm.arch.GuestLayout;
import borgcell.borglet.vmm.arch.LongMode;
import borgcell.borglet.vmm.memory.GuestMemory;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A vCPU's registers as the VMM reads and writes them, through kvm_run's sync area (where the
 * host has KVM_CAP_SYNC_REGS) and through KVM_GET/SET_REGS: what was set is what is read back and
 * what the guest runs with, before the first run, after an exit, after a kick. The guest, in ring 3
 * as a task runs, counts in rax: {@code inc rax; out SYSCALL_PORT, al; jmp} back to the inc.
 */
class KvmVcpuRegistersTest {

    private static final long RAM = 8L << 20;
    private static final long ENTRY = GuestLayout.USER_BASE;
    private static final byte[] COUNTER = {
            0x48, (byte) 0xFF, (byte) 0xC0,           // 0: inc rax
            (byte) 0xE6, (byte) GuestCode.SYSCALL_PORT, // 3: out SYSCALL_PORT, al (a VM exit)
            (byte) 0xEB, (byte) 0xF9,                 // 5: jmp 0
    };
    private static final VcpuExit COUNTED = new VcpuExit.Io(GuestCode.SYSCALL_PORT, true, 1);

    @BeforeEach
    void needsKvm() {
        KvmDevice.assumePresent();
    }

    @ParameterizedTest(name = "sync regs {0}")
    @ValueSource(booleans = {true, false})
    void registersSetBeforeAnyRunAreReadBack(boolean syncRegs) {
        try (CounterVm vm = new CounterVm(syncRegs)) {
            vm.vcpu.setRegs(vm.freshRegs(41));

            assertThat(vm.vcpu.regs().rip()).isEqualTo(ENTRY);
            assertThat(vm.vcpu.regs().rax()).isEqualTo(41);
        }
    }

    @ParameterizedTest(name = "sync regs {0}")
    @ValueSource(booleans = {true, false})
    void registersChangedAtAnExitAreTheOnesTheGuestGoesOnWith(boolean syncRegs) {
        try (CounterVm vm = new CounterVm(syncRegs)) {
            vm.vcpu.setRegs(vm.freshRegs(41));
            assertThat(vm.vcpu.run()).isEqualTo(COUNTED);
            assertThat(vm.vcpu.regs().rax()).isEqualTo(42);

            KvmRegs atExit = vm.vcpu.regs();
            atExit.rax(100);
            vm.vcpu.setRegs(atExit);

            assertThat(vm.vcpu.run()).isEqualTo(COUNTED);
            assertThat(vm.vcpu.regs().rax()).isEqualTo(101);
        }
    }

    @ParameterizedTest(name = "sync regs {0}")
    @ValueSource(booleans = {true, false})
    void registersSetFromAnotherBufferAfterAnExitWinOverThoseChangedAtIt(boolean syncRegs) {
        try (CounterVm vm = new CounterVm(syncRegs)) {
            vm.vcpu.setRegs(vm.freshRegs(0));
            assertThat(vm.vcpu.run()).isEqualTo(COUNTED);

            KvmRegs atExit = vm.vcpu.regs();
            atExit.rax(500);
            vm.vcpu.setRegs(atExit);
            vm.vcpu.setRegs(vm.freshRegs(7));

            // No read in between: reading may refresh the sync area, which would hide a stale one left dirty.
            assertThat(vm.vcpu.run()).isEqualTo(COUNTED);
            assertThat(vm.vcpu.regs().rax()).isEqualTo(8);
        }
    }

    @ParameterizedTest(name = "sync regs {0}")
    @ValueSource(booleans = {true, false})
    void aRunCutShortByImmediateExitKeepsTheRegistersSetForIt(boolean syncRegs) {
        try (CounterVm vm = new CounterVm(syncRegs)) {
            vm.vcpu.setRegs(vm.freshRegs(0));
            assertThat(vm.vcpu.run()).isEqualTo(COUNTED);
            KvmRegs atExit = vm.vcpu.regs();
            atExit.rax(100);
            vm.vcpu.setRegs(atExit);

            vm.vcpu.kvmRun().immediateExit(true);
            assertThat(vm.vcpu.run()).isEqualTo(new VcpuExit.Interrupted());
            assertThat(vm.vcpu.regs().rax()).isEqualTo(100);

            vm.vcpu.kvmRun().immediateExit(false);
            assertThat(vm.vcpu.run()).isEqualTo(COUNTED);
            assertThat(vm.vcpu.regs().rax()).isEqualTo(101);
        }
    }

    /** A VM set up as the VMM sets one up (long mode, ring 3), running {@link #COUNTER} at {@link #ENTRY}. */
    private static final class CounterVm implements AutoCloseable {

        final Kvm kvm = Kvm.open();
        final GuestMemory memory = GuestMemory.anonymous(RAM, false);
        final KvmVm vm = kvm.createVm();
        final KvmVcpu vcpu;

        CounterVm(boolean syncRegs) {
            if (syncRegs && !kvm.syncRegs()) {
                close();
                Assumptions.abort("this host's KVM has no KVM_CAP_SYNC_REGS: only the KVM_GET/SET_REGS path is tested");
            }
            vm.setUserMemoryRegion(0, 0, memory.host());
            vcpu = vm.createVcpu(0, syncRegs);
            LongMode.writeSystemTables(memory);
            MemorySegment.copy(COUNTER, 0, memory.slice(ENTRY, COUNTER.length), ValueLayout.JAVA_BYTE, 0, COUNTER.length);
            LongMode.enterUserMode(vcpu, ENTRY, RAM);
        }

        /** Registers to start the counter from scratch with {@code rax}, in a buffer of their own (KVM_SET_REGS). */
        KvmRegs freshRegs(long rax) {
            KvmRegs regs = vcpu.blankRegs();
            regs.rip(ENTRY);
            regs.rsp(RAM);
            regs.rflags(LongMode.INITIAL_RFLAGS);
            regs.rax(rax);
            return regs;
        }

        @Override
        public void close() {
            if (vcpu != null) {
                vcpu.close();
            }
            vm.close();
            memory.close();
            kvm.close();
        }
    }
}
