package borgcell.borglet.runtime.microvm;

import borgcell.borglet.runtime.RunningTask;
import borgcell.borglet.runtime.TaskExit;
import borgcell.borglet.vmm.MicroVm;
import borgcell.borglet.vmm.VmOutcome;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One task in its microVM. A kill is immediate (there is no process to ask politely: the
 * vCPU is kicked out of the guest, sleeping or spinning) and ends as {@link TaskExit.Killed} 137.
 */
final class MicroVmTask implements RunningTask {

    private final MicroVm vm;
    private final CompletableFuture<TaskExit> exit;

    MicroVmTask(MicroVm vm, List<Closeable> logs) {
        this.vm = vm;
        // The VM has flushed the guest's output and written its own report before its result completes.
        this.exit = vm.result().thenApply(result -> {
            closeAll(logs);
            return exitOf(result.outcome());
        });
    }

    @Override
    public long pid() {
        return -1; // a vCPU thread of the Borglet, not a process
    }

    @Override
    public CompletableFuture<TaskExit> onExit() {
        return exit;
    }

    @Override
    public void kill() {
        vm.kill();
    }

    /** A fault is reported as a process killed by that signal would be (128 + signal); a VMM failure as a failed start. */
    static TaskExit exitOf(VmOutcome outcome) {
        return switch (outcome) {
            case VmOutcome.Exited e -> new TaskExit.Exited(e.status());
            case VmOutcome.Faulted f -> new TaskExit.Exited(outcome.exitCode());
            case VmOutcome.TimedOut t -> new TaskExit.Exited(outcome.exitCode());
            case VmOutcome.Killed k -> new TaskExit.Killed(outcome.exitCode());
            case VmOutcome.Failed f -> new TaskExit.NotStarted(outcome.exitCode(), "microvm: " + f.message());
        };
    }

    private static void closeAll(List<Closeable> logs) {
        for (Closeable log : logs) {
            try {
                log.close();
            } catch (IOException e) {
                // The task's end matters more than its last log bytes.
            }
        }
    }
}
