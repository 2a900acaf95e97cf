package borgcell.borglet.vmm.arch;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * All the code of the VMM's own a guest ever runs, hand-assembled: the syscall entry and one
 * {@code hlt} per exception vector. Under the nested hypervisor each ring-0 instruction is
 * emulated (about 1 µs), so there are as few as possible.
 *
 * <p>The syscall entry must work in two worlds. On a real CPU, {@code syscall} enters ring 0
 * at MSR_LSTAR. On the nested hypervisor we develop on, {@code syscall} jumps to MSR_LSTAR but
 * <em>stays in ring 3</em> (CS remains the user's 0x2b). So the stub lives on a page ring 3
 * may read and execute, its port is opened to ring 3 in the TSS I/O bitmap, and it returns with
 * {@code iretq}, which in 64-bit mode pops rip, cs, rflags, rsp and ss whether or not the
 * privilege level changes. The frame it pops is on the same read-only page, written by the VMM.
 */
public final class GuestCode {

    /** The port whose {@code out} means "serve the syscall in rax". */
    public static final int SYSCALL_PORT = 0xB5;

    /**
     * At {@link GuestLayout#SYSCALL_ENTRY} (MSR_LSTAR). Arrives with rcx = user rip and
     * r11 = user rflags, on the user's stack (syscall does not switch stacks).
     */
    public static final byte[] SYSCALL_ENTRY = {
            (byte) 0xE6, (byte) SYSCALL_PORT, // out SYSCALL_PORT, al: VM exit. The VMM serves the call, puts the result in
                                              //   rax, writes the iretq frame (user rip, cs, rflags, rsp, ss) at
                                              //   SYSCALL_IRET_FRAME and points rsp at it: the user's red zone is never touched
            (byte) 0x48, (byte) 0xCF,         // iretq: to the user's rip, with its stack and flags, in ring 3
    };

    /** Where the VMM resumes the guest after serving a syscall: the {@code iretq}. */
    public static final long SYSCALL_RETURN = GuestLayout.SYSCALL_ENTRY + 2;

    /** One {@code hlt} (0xF4) per exception vector: the IDT sends vector n to byte n; the VM exit tells the VMM. */
    public static final byte HLT = (byte) 0xF4;

    private GuestCode() {}

    /** Writes both pieces (into guest memory given from address 0). */
    static void write(MemorySegment lowMemory) {
        MemorySegment.copy(SYSCALL_ENTRY, 0, lowMemory, ValueLayout.JAVA_BYTE, GuestLayout.SYSCALL_ENTRY, SYSCALL_ENTRY.length);
        lowMemory.asSlice(GuestLayout.EXCEPTION_ENTRIES, ExceptionVector.COUNT).fill(HLT);
    }
}
