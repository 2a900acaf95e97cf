package borgcell.cli.daemon;

import java.util.Optional;

/**
 * Ends this process (through its shutdown hooks) when the {@code borg up} that started it
 * is gone, even if that one was killed with SIGKILL and could not stop its children.
 */
final class ParentWatch {

    private ParentWatch() {}

    static void exitWhenGone(Long parentPid) {
        if (parentPid == null) {
            return;
        }
        Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
        if (parent.isEmpty() || !parent.get().isAlive()) {
            System.err.println("borg: parent process " + parentPid + " is gone; exiting");
            System.exit(1);
        }
        parent.get().onExit().thenRun(() -> {
            System.err.println("borg: parent process " + parentPid + " exited; shutting down");
            System.exit(0);
        });
    }
}
