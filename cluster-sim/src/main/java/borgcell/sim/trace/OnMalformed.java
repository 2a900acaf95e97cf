package borgcell.sim.trace;

/** What to do with a malformed trace line: skip it (each is reported), or stop at the first. */
public enum OnMalformed {
    /** Report the line with its file and number, leave it out, read on. */
    SKIP,
    /** Stop reading with a {@link TraceFormatException} naming the file and line. */
    FAIL
}
