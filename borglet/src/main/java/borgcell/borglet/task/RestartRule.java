package borgcell.borglet.task;

import borgcell.api.v1.RestartPolicy;
import borgcell.api.v1.RestartSpec;
import borgcell.borglet.runtime.TaskExit;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * When a task that ended is started again on the same machine, and after how long. The cell
 * sees one attempt throughout; only {@code restarts} in the report grows.
 *
 * @param maxStarts total starts allowed on this machine, 0 for no limit
 * @param firstBackoff delay before the first restart; each next one doubles, up to {@link #MAX_BACKOFF}
 */
public record RestartRule(RestartPolicy policy, int maxStarts, Duration firstBackoff) {

    public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(1);
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    public static final int ON_FAILURE_DEFAULT_MAX_STARTS = 3;

    public RestartRule {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(firstBackoff, "firstBackoff");
        if (maxStarts < 0) {
            throw new IllegalArgumentException("maxStarts must be >= 0, was " + maxStarts);
        }
    }

    /** A task that runs once (the default, and what an unknown policy falls back to). */
    public static RestartRule never() {
        return new RestartRule(RestartPolicy.NEVER, 1, DEFAULT_BACKOFF);
    }

    /** Applies the proto's defaults: 0 max_attempts is 3 for ON_FAILURE and unlimited for ALWAYS. */
    public static RestartRule of(RestartSpec spec) {
        Duration backoff = spec.getBackoffMillis() > 0 ? Duration.ofMillis(spec.getBackoffMillis()) : DEFAULT_BACKOFF;
        int asked = Math.max(0, spec.getMaxAttempts());
        return switch (spec.getPolicy()) {
            case ON_FAILURE -> new RestartRule(RestartPolicy.ON_FAILURE, asked > 0 ? asked : ON_FAILURE_DEFAULT_MAX_STARTS, backoff);
            case ALWAYS -> new RestartRule(RestartPolicy.ALWAYS, asked, backoff);
            case NEVER, RESTART_POLICY_UNSPECIFIED, UNRECOGNIZED -> never();
        };
    }

    /**
     * The delay before the next start, or empty when the task is over.
     *
     * @param startsSoFar how many times the task has started on this machine (at least 1)
     * @param exit how the last run ended
     */
    public Optional<Duration> nextStart(int startsSoFar, TaskExit exit) {
        boolean wanted = switch (exit) {
            case TaskExit.Killed killed -> false;  // a kill is the cell's decision: never undo it
            case TaskExit.Exited exited -> restartsOn(exited.exitCode());
            case TaskExit.OutOfMemory oom -> restartsOn(oom.exitCode());
            case TaskExit.OverDisk overDisk -> restartsOn(overDisk.exitCode());
            case TaskExit.NotStarted notStarted -> restartsOn(notStarted.exitCode());
            case TaskExit.Unhealthy unhealthy -> restartsAfterFailure(); // a failure, whatever code the kill left
        };
        if (!wanted || (maxStarts > 0 && startsSoFar >= maxStarts)) {
            return Optional.empty();
        }
        return Optional.of(backoffBefore(startsSoFar));
    }

    /** Delay before restart number {@code restart} (1-based): first, doubled each time, capped. */
    public Duration backoffBefore(int restart) {
        int doublings = Math.clamp(restart - 1, 0, 30);
        long millis = firstBackoff.toMillis() << doublings;
        if (millis <= 0 || millis > MAX_BACKOFF.toMillis()) {
            return MAX_BACKOFF;
        }
        return Duration.ofMillis(millis);
    }

    private boolean restartsAfterFailure() {
        return policy == RestartPolicy.ALWAYS || policy == RestartPolicy.ON_FAILURE;
    }

    private boolean restartsOn(int exitCode) {
        return switch (policy) {
            case ALWAYS -> true;
            case ON_FAILURE -> exitCode != 0;
            case NEVER, RESTART_POLICY_UNSPECIFIED, UNRECOGNIZED -> false;
        };
    }
}
