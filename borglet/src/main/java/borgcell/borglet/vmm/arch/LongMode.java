package borgcell.borglet.vmm.arch;

import borgcell.borglet.vmm.kvm.KvmRegs;
import borgcell.borglet.vmm.kvm.KvmSregs;
import borgcell.borglet.vmm.kvm.KvmSregs.Segment;
import borgcell.borglet.vmm.kvm.KvmVcpu;
import borgcell.borglet.vmm.memory.GuestMemory;
import java.lang.foreign.MemorySegment;

/**
 * Puts a vCPU straight into 64-bit ring 3, with no boot code: the VMM writes the tables into
 * guest memory and loads the registers a kernel would have set up, then starts the guest at
 * the program's entry point.
 */
public final class LongMode {

    /** RFLAGS bit 1 is reserved and always set; interrupts stay off (nothing would deliver them). */
    public static final long INITIAL_RFLAGS = 0x2;

    private LongMode() {}

    /** Writes page tables, GDT, TSS, IDT and the stubs below {@link GuestLayout#USER_BASE}. */
    public static void writeSystemTables(GuestMemory memory) {
        long ram = memory.size();
        if (ram < GuestLayout.MIN_RAM || ram > GuestLayout.MAX_RAM || PageTables.tableBytes(ram) > GuestLayout.USER_BASE) {
            throw new IllegalArgumentException("guest RAM must be between " + GuestLayout.MIN_RAM + " and "
                    + GuestLayout.MAX_RAM + " bytes: " + ram);
        }
        MemorySegment low = memory.slice(0, GuestLayout.USER_BASE);
        Gdt.write(low.asSlice(GuestLayout.GDT, Selectors.GDT_ENTRIES * 8L));
        Tss.write(low.asSlice(GuestLayout.TSS, Tss.LIMIT + 1L));
        Idt.write(low.asSlice(GuestLayout.IDT, Idt.limit() + 1L));
        GuestCode.write(low);
        PageTables.write(low, ram);
    }

    /** Loads segment, table and control registers and the syscall MSRs; the guest will start at {@code entry}. */
    public static void enterUserMode(KvmVcpu vcpu, long entry, long stackPointer) {
        KvmSregs sregs = vcpu.sregs();
        sregs.set(Segment.cs, Gdt.userCode());
        // SS's DPL is the CPL KVM starts the guest at: 3.
        sregs.set(Segment.ss, Gdt.userData());
        sregs.set(Segment.ds, Gdt.userData());
        sregs.set(Segment.es, Gdt.userData());
        sregs.set(Segment.fs, Gdt.userData());
        sregs.set(Segment.gs, Gdt.userData());
        sregs.set(Segment.tr, Gdt.taskRegister());
        sregs.set(Segment.ldt, Gdt.noLdt());
        sregs.gdt(GuestLayout.GDT, Gdt.limit());
        sregs.idt(GuestLayout.IDT, Idt.limit());
        sregs.cr0(ControlRegisters.CR0);
        sregs.cr3(GuestLayout.PML4);
        sregs.cr4(ControlRegisters.CR4);
        sregs.efer(ControlRegisters.EFER);
        vcpu.setSregs(sregs);
        vcpu.setMsrs(Msrs.syscall());

        KvmRegs regs = vcpu.blankRegs();
        regs.rip(entry);
        regs.rsp(stackPointer);
        regs.rflags(INITIAL_RFLAGS);
        vcpu.setRegs(regs);
    }
}
