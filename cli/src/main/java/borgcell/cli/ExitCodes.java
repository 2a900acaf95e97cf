package borgcell.cli;

/** The exit codes of the {@code borg} command. */
public final class ExitCodes {

    public static final int OK = 0;
    /** The cell said no, or could not be reached, or a process failed. */
    public static final int FAILURE = 1;
    /** The command line or the job spec is wrong: fix the input and try again. */
    public static final int USAGE = 2;

    private ExitCodes() {}
}
