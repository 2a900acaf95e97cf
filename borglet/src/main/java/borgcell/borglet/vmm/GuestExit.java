package borgcell.borglet.vmm;

import borgcell.borglet.vmm.libos.SyscallArgs;

/** Why a {@link GuestMachine} came back from running its guest. */
public sealed interface GuestExit {

    /** The guest made a syscall; answer it with {@link GuestMachine#completeSyscall}. */
    record Syscall(SyscallArgs call) implements GuestExit {}

    /**
     * The guest did something that ends it: a CPU fault, a syscall through a door the library
     * OS does not serve. {@code report} says what and where, for the task's log.
     */
    record Fault(int signal, String report) implements GuestExit {}

    /** A kick (or a stray host signal): the loop looks whether it is asked to stop, and goes on. */
    record Interrupted() implements GuestExit {}
}
