package borgcell.borglet.vmm.host;

/** Decodes a {@code waitpid} status word, as the W* macros of sys/wait.h do. */
public final class WaitStatus {

    private WaitStatus() {}

    public static boolean exited(int status) {
        return (status & 0x7f) == 0;
    }

    public static int exitCode(int status) {
        return (status >> 8) & 0xff;
    }

    public static boolean signaled(int status) {
        return (status & 0x7f) != 0 && (status & 0x7f) != 0x7f;
    }

    public static int termSignal(int status) {
        return status & 0x7f;
    }

    public static boolean stopped(int status) {
        return (status & 0xff) == 0x7f;
    }

    /** The signal of a stop; for a ptrace syscall stop with PTRACE_O_TRACESYSGOOD, SIGTRAP | 0x80. */
    public static int stopSignal(int status) {
        return (status >> 8) & 0xff;
    }

    /** The PTRACE_EVENT_* of a ptrace event stop, 0 for other stops. */
    public static int event(int status) {
        return (status >> 16) & 0xff;
    }

    /** For messages: "exited 3", "killed by SIGKILL", "stopped by SIGTRAP (event 128)". */
    public static String describe(int status) {
        if (exited(status)) {
            return "exited " + exitCode(status);
        }
        if (signaled(status)) {
            return "killed by " + Signals.name(termSignal(status));
        }
        return "stopped by " + Signals.name(stopSignal(status) & 0x7f) + (event(status) != 0 ? " (event " + event(status) + ")" : "");
    }
}
