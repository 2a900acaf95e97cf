package borgcell.borglet.vmm.host;

/** Linux signal numbers on x86-64 (asm/signal.h) that the VMM sends, receives or reports, and their names. */
public final class Signals {

    public static final int SIGILL = 4;
    public static final int SIGTRAP = 5;
    public static final int SIGBUS = 7;
    public static final int SIGFPE = 8;
    public static final int SIGKILL = 9;
    public static final int SIGSEGV = 11;
    public static final int SIGSTOP = 19;
    public static final int SIGSYS = 31;

    private Signals() {}

    /** {@code "SIGSEGV"}, or {@code "signal N"} for one without a name here. */
    public static String name(int signal) {
        return switch (signal) {
            case SIGILL -> "SIGILL";
            case SIGTRAP -> "SIGTRAP";
            case SIGBUS -> "SIGBUS";
            case SIGFPE -> "SIGFPE";
            case SIGKILL -> "SIGKILL";
            case SIGSEGV -> "SIGSEGV";
            case SIGSTOP -> "SIGSTOP";
            case SIGSYS -> "SIGSYS";
            default -> "signal " + signal;
        };
    }
}
