package borgcell.faults.history;

import java.util.List;

/**
 * One logical client call: invoked at {@code invokeNanos}, answered at {@code completeNanos}
 * (both {@link System#nanoTime}); for an {@link Outcome.Unknown} the completion is when the
 * client gave up, which says nothing about when the call took effect.
 *
 * @param job the job named (empty for LIST)
 * @param requestId SubmitJob's request id, the same on every attempt
 * @param attemptErrors each attempt that failed before the last one: the replica, the status code and
 *     when it failed, in milliseconds after the invoke ("r3 UNAVAILABLE +1004 ms")
 */
public record Operation(long id, String client, OpKind kind, String job, String requestId,
                        long invokeNanos, long completeNanos, Outcome outcome, List<String> attemptErrors) {

    public Operation {
        attemptErrors = List.copyOf(attemptErrors);
        if (completeNanos < invokeNanos) {
            throw new IllegalArgumentException("operation " + id + " completes before it is invoked");
        }
    }

    public boolean acknowledged() {
        return kind == OpKind.SUBMIT && outcome instanceof Outcome.Answered;
    }

    @Override
    public String toString() {
        return "#" + id + " " + client + " " + kind + (job.isEmpty() ? "" : " " + job) + " ["
                + invokeNanos / 1_000_000 + ".." + completeNanos / 1_000_000 + " ms] -> " + describe(outcome);
    }

    private static String describe(Outcome outcome) {
        return switch (outcome) {
            case Outcome.Answered a -> a.job().life() + "@" + a.job().version() + (a.duplicate() ? " (duplicate)" : "");
            case Outcome.Listed l -> l.jobs().size() + " jobs";
            case Outcome.NotFound n -> "NOT_FOUND";
            case Outcome.Refused r -> r.code() + ": " + r.message();
            case Outcome.Unknown u -> "unknown (" + u.lastError() + ")";
        };
    }
}
