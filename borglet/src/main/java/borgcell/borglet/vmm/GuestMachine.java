package borgcell.borglet.vmm;

import borgcell.borglet.vmm.libos.GuestCpu;
import borgcell.borglet.vmm.memory.GuestMemory;

/**
 * One guest's CPU and memory on a {@link Platform}: all the library OS needs of the hardware.
 * Guest memory is identity-addressed on every platform (guest address N is byte N of
 * {@link #memory()}), so the loader and the library OS never ask which platform they are on.
 *
 * <p>Made and used on one thread (KVM wants a vCPU driven from the thread that made it, and
 * ptrace requests must come from the tracer thread); only {@link #kick()} may come from others.
 */
public interface GuestMachine extends AutoCloseable {

    /** Guest memory {@code [0, ram)}, mapped in the Borglet: the library OS reads and writes it directly. */
    GuestMemory memory();

    /** The CPU state a syscall may change (the FS and GS bases of arch_prctl). */
    GuestCpu cpu();

    /** Registers for the program's first instruction: {@code entry}, its stack at {@code stackPointer}, the rest zero. */
    void enterUserMode(long entry, long stackPointer);

    /** Runs the guest until it makes a syscall, faults, or is kicked. */
    GuestExit run();

    /** Answers the syscall the last {@link #run()} returned; the guest goes on after it at the next run. */
    void completeSyscall(long result);

    /**
     * From any thread: {@link #run()} returns soon, even from a guest that spins. The guest may
     * be gone afterwards; the caller kicks only to stop it.
     */
    void kick();

    /** How many times the guest left for the VMM (syscalls, faults, kicks). */
    long exits();

    /** Tears the machine down; the guest is gone after it. */
    @Override
    void close();
}
