package borgcell.cli;

/** A failure the user can act on, printed as {@code borg: MESSAGE}, with its exit code. */
public final class CliException extends RuntimeException {

    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
