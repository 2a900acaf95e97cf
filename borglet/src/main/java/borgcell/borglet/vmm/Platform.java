package borgcell.borglet.vmm;

import java.util.function.Consumer;

/**
 * How a guest gets the CPU, after gVisor's platforms: {@code kvm} runs it in ring 3 of a VM of
 * its own, {@code ptrace} in a stub process whose every syscall stops for the library OS. Both
 * give a {@link GuestMachine}; everything above it (the ELF loader, the initial stack, the
 * library OS, deadlines and kill) is the same on either.
 */
public interface Platform {

    /** {@code kvm} or {@code ptrace}: what the Borglet advertises as its {@code platform} attribute. */
    String name();

    /**
     * Calls {@code guest} on the thread that will run one guest (soon, and never on the caller's
     * thread), with the factory for its machine there. Returns at once.
     */
    void launch(Consumer<MachineFactory> guest);

    /** Makes a guest's machine; only on the thread {@link #launch} gave it to. */
    @FunctionalInterface
    interface MachineFactory {

        /** A machine with {@code ram} bytes of guest memory (a multiple of 2 MiB). */
        GuestMachine create(long ram, boolean hugePages);
    }
}
