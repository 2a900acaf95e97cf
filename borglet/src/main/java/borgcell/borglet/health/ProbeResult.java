package borgcell.borglet.health;

/**
 * What one probe found. The detail is one short line for people ("HTTP 503 on /healthz"):
 * it becomes the task's health text when the check turns, so it is clipped and kept on one line.
 */
public record ProbeResult(boolean passed, String detail) {

    /** Long enough for a status line or an error, short enough to ride in every heartbeat. */
    public static final int MAX_DETAIL = 160;

    public ProbeResult {
        detail = oneShortLine(detail);
    }

    public static ProbeResult pass(String detail) {
        return new ProbeResult(true, detail);
    }

    public static ProbeResult fail(String detail) {
        return new ProbeResult(false, detail);
    }

    private static String oneShortLine(String text) {
        String line = text == null ? "" : text.replaceAll("\\p{Cntrl}+", " ").strip();
        return line.length() <= MAX_DETAIL ? line : line.substring(0, MAX_DETAIL - 3) + "...";
    }
}
