package borgcell.borglet.runtime;

/** How one run of a task ended. A closed set, so supervisors switch over it exhaustively. */
public sealed interface TaskExit {

    /** Exit code as the cell reports it (128 + signal for a process ended by a signal). */
    int exitCode();

    /** A short human reason, shown as the task's message. */
    String message();

    /** The task ended by itself. */
    record Exited(int exitCode) implements TaskExit {
        @Override
        public String message() {
            return "exited with code " + exitCode;
        }
    }

    /** The task ended because the Borglet killed it. */
    record Killed(int exitCode) implements TaskExit {
        @Override
        public String message() {
            return "killed";
        }
    }

    /**
     * The kernel killed the task for using more memory than its {@code ram} (the container
     * runtime's limit): FAILED with reason "OOMKilled", as Kubernetes says it.
     */
    record OutOfMemory(int exitCode, long limitBytes) implements TaskExit {
        @Override
        public String message() {
            return "OOMKilled: used all of its ram (" + limitBytes / (1024 * 1024) + " MiB) and was killed by the kernel";
        }
    }

    /**
     * The Borglet ended the task because its sandbox grew past its {@code disk} request (the
     * container runtime watches it): FAILED, "DiskLimitExceeded".
     */
    record OverDisk(int exitCode, long limitBytes) implements TaskExit {
        @Override
        public String message() {
            return "DiskLimitExceeded: its sandbox grew past its disk request (" + limitBytes / (1024 * 1024)
                    + " MiB) and it was stopped";
        }
    }

    /**
     * The Borglet ended the run because its liveness check failed its threshold in a row: a
     * failure of the task whatever code the kill left (FAILED, or restarted by its rule like any
     * failure), so that a task which exits 0 on SIGTERM is not taken for one that finished.
     */
    record Unhealthy(int exitCode, String reason) implements TaskExit {
        @Override
        public String message() {
            return "liveness check failed: " + reason;
        }
    }

    /** The task never ran (no such binary, no such runtime, empty argv). */
    record NotStarted(int exitCode, String message) implements TaskExit {}

    /** The shell's convention for "command not found / cannot execute". */
    int CANNOT_START = 127;
}
