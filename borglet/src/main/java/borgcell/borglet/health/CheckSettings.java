package borgcell.borglet.health;

import borgcell.api.v1.HealthCheck;
import java.time.Duration;

/**
 * When and how strictly one check probes, with the API's defaults filled in (a field left 0
 * in the spec means its default, as {@code types.proto} documents).
 *
 * @param initialDelay after each start of the task, before its first probe
 * @param interval from the start of one probe to the start of the next (a slow probe is never overlapped)
 * @param timeout a probe that takes longer fails
 * @param failureThreshold consecutive failures that make the check fail
 * @param successThreshold consecutive passes that make it pass again
 */
public record CheckSettings(Duration initialDelay, Duration interval, Duration timeout, int failureThreshold,
                            int successThreshold) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    public static final int DEFAULT_FAILURE_THRESHOLD = 3;
    public static final int DEFAULT_SUCCESS_THRESHOLD = 1;

    public CheckSettings {
        if (initialDelay.isNegative() || !interval.isPositive() || !timeout.isPositive()
                || failureThreshold < 1 || successThreshold < 1) {
            throw new IllegalArgumentException("health check settings out of range: " + initialDelay + ", " + interval
                    + ", " + timeout + ", " + failureThreshold + ", " + successThreshold);
        }
    }

    /** The check's settings; a value the cell's validation would have refused (negative) counts as unset. */
    public static CheckSettings of(HealthCheck check) {
        return new CheckSettings(
                Duration.ofMillis(Math.max(0, check.getInitialDelayMillis())),
                check.getIntervalMillis() > 0 ? Duration.ofMillis(check.getIntervalMillis()) : DEFAULT_INTERVAL,
                check.getTimeoutMillis() > 0 ? Duration.ofMillis(check.getTimeoutMillis()) : DEFAULT_TIMEOUT,
                check.getFailureThreshold() > 0 ? check.getFailureThreshold() : DEFAULT_FAILURE_THRESHOLD,
                check.getSuccessThreshold() > 0 ? check.getSuccessThreshold() : DEFAULT_SUCCESS_THRESHOLD);
    }
}
