package borgcell.borglet.health;

/**
 * Where one check stands, from the probes' results and its thresholds: it starts
 * {@link Status#UNKNOWN}, turns {@link Status#FAILING} after {@code failureThreshold}
 * failures in a row and {@link Status#PASSING} after {@code successThreshold} passes in a row.
 * The reason is the detail of the probe that turned it, and stays until the next turn, so the
 * health text it feeds moves only on a transition, never with each probe. Not thread-safe: one
 * check's probes never overlap.
 */
public final class CheckState {

    public enum Status { UNKNOWN, PASSING, FAILING }

    /** Where the check stands, as one value that later probes cannot change under its reader. */
    public record Verdict(Status status, String reason) {
        public static final Verdict UNKNOWN = new Verdict(Status.UNKNOWN, "");
    }

    private final int failureThreshold;
    private final int successThreshold;
    private Status status = Status.UNKNOWN;
    private String reason = "";
    private int passesInARow;
    private int failuresInARow;

    public CheckState(int failureThreshold, int successThreshold) {
        if (failureThreshold < 1 || successThreshold < 1) {
            throw new IllegalArgumentException("thresholds must be >= 1: " + failureThreshold + ", " + successThreshold);
        }
        this.failureThreshold = failureThreshold;
        this.successThreshold = successThreshold;
    }

    /** Counts one probe's result; true when it turned the check. */
    public boolean record(ProbeResult result) {
        if (result.passed()) {
            failuresInARow = 0;
            passesInARow = Math.min(passesInARow + 1, successThreshold);
            return turn(passesInARow >= successThreshold, Status.PASSING, result);
        }
        passesInARow = 0;
        failuresInARow = Math.min(failuresInARow + 1, failureThreshold);
        return turn(failuresInARow >= failureThreshold, Status.FAILING, result);
    }

    private boolean turn(boolean reached, Status to, ProbeResult result) {
        if (!reached || status == to) {
            return false;
        }
        status = to;
        reason = result.detail();
        return true;
    }

    public Verdict verdict() {
        return new Verdict(status, reason);
    }

    public Status status() {
        return status;
    }

    /** The detail of the probe that made the status what it is; empty while UNKNOWN. */
    public String reason() {
        return reason;
    }
}
