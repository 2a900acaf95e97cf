package borgcell.borglet.vmm;

import java.time.Duration;

/** How a microVM's run ended, and the exit status a process would have had. */
public sealed interface VmOutcome {

    /** The program called exit or exit_group. */
    record Exited(int status) implements VmOutcome {}

    /** The guest took a fault (or its CPU stopped in a way no program asks for); {@code report} says where. */
    record Faulted(int signal, String report) implements VmOutcome {}

    /** The deadline passed and the vCPU was kicked out. */
    record TimedOut(Duration deadline) implements VmOutcome {}

    /** Someone called {@link MicroVm#kill()}. */
    record Killed() implements VmOutcome {}

    /** The VMM itself failed: no /dev/kvm, an ioctl refused, the program did not fit. The guest may never have run. */
    record Failed(String message) implements VmOutcome {}

    /** 128 + signal for a fault, 124 for a deadline (as timeout(1)), 137 for a kill (SIGKILL), 125 when the VMM failed. */
    default int exitCode() {
        return switch (this) {
            case Exited e -> e.status();
            case Faulted f -> 128 + f.signal();
            case TimedOut t -> 124;
            case Killed k -> 137;
            case Failed f -> 125;
        };
    }
}
