package borgcell.borglet.vmm;

import borgcell.borglet.vmm.libos.LibOs;
import borgcell.borglet.vmm.libos.SyscallOutcome;
import java.util.function.Supplier;

/**
 * The run loop every platform shares: run the guest, serve its syscall through the library
 * OS, run it again, until the program exits, faults or is asked to stop.
 */
final class GuestLoop {

    private final GuestMachine machine;
    private final LibOs libos;
    private final Supplier<VmOutcome> stopRequest;

    GuestLoop(GuestMachine machine, LibOs libos, Supplier<VmOutcome> stopRequest) {
        this.machine = machine;
        this.libos = libos;
        this.stopRequest = stopRequest;
    }

    VmOutcome run() {
        while (true) {
            VmOutcome stop = stopRequest.get();
            if (stop != null) {
                return stop;
            }
            switch (machine.run()) {
                case GuestExit.Syscall(var call) -> {
                    switch (libos.serve(call)) {
                        case SyscallOutcome.Exit(int status) -> {
                            return new VmOutcome.Exited(status);
                        }
                        case SyscallOutcome.Return(long value) -> machine.completeSyscall(value);
                    }
                }
                case GuestExit.Interrupted interrupted -> { }
                case GuestExit.Fault(int signal, String report) -> {
                    // A fault that races a kill is the kill's doing: the stop wins.
                    VmOutcome stopped = stopRequest.get();
                    return stopped != null ? stopped
                            : new VmOutcome.Faulted(signal, report + "; last syscall: " + libos.lastCall());
                }
            }
        }
    }
}
