package borgcell.sim.trace;

/** A trace that cannot be used: missing tables, unreadable files, or (with {@link OnMalformed#FAIL}) a bad line. */
public final class TraceFormatException extends RuntimeException {

    public TraceFormatException(String message) {
        super(message);
    }

    public TraceFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
