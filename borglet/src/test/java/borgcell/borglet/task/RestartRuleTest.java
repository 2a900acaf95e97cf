package borgcell.borglet.task;

import static org.assertj.core.api.Assertions.assertThat;

import borgcell.api.v1.RestartPolicy;
import borgcell.api.v1.RestartSpec;
import borgcell.borglet.runtime.TaskExit;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartRuleTest {

    private static final TaskExit FAILED = new TaskExit.Exited(1);
    private static final TaskExit SUCCEEDED = new TaskExit.Exited(0);

    @Test
    void anUnsetPolicyMeansNever() {
        RestartRule rule = RestartRule.of(RestartSpec.getDefaultInstance());

        assertThat(rule.policy()).isEqualTo(RestartPolicy.NEVER);
        assertThat(rule.nextStart(1, FAILED)).isEmpty();
    }

    @Test
    void onFailureDefaultsToThreeStartsAndOneSecondBackoff() {
        RestartRule rule = RestartRule.of(RestartSpec.newBuilder().setPolicy(RestartPolicy.ON_FAILURE).build());

        assertThat(rule.maxStarts()).isEqualTo(3);
        assertThat(rule.nextStart(1, FAILED)).contains(Duration.ofSeconds(1));
        assertThat(rule.nextStart(2, FAILED)).contains(Duration.ofSeconds(2));
        assertThat(rule.nextStart(3, FAILED)).isEmpty();
    }

    @Test
    void onFailureDoesNotRestartASuccess() {
        RestartRule rule = RestartRule.of(RestartSpec.newBuilder().setPolicy(RestartPolicy.ON_FAILURE).build());

        assertThat(rule.nextStart(1, SUCCEEDED)).isEmpty();
    }

    @Test
    void onFailureRestartsATaskThatCouldNotStart() {
        RestartRule rule = RestartRule.of(RestartSpec.newBuilder().setPolicy(RestartPolicy.ON_FAILURE).build());

        assertThat(rule.nextStart(1, new TaskExit.NotStarted(127, "no such binary"))).isPresent();
    }

    @Test
    void aLivenessFailureIsAFailureWhateverCodeTheKillLeft() {
        TaskExit unhealthyButExitedZero = new TaskExit.Unhealthy(0, "HTTP 503 on /healthz");
        assertThat(RestartRule.of(RestartSpec.newBuilder().setPolicy(RestartPolicy.ON_FAILURE).build())
                .nextStart(1, unhealthyButExitedZero)).isPresent();
        assertThat(RestartRule.of(RestartSpec.newBuilder().setPolicy(RestartPolicy.ALWAYS).build())
                .nextStart(1, unhealthyButExitedZero)).isPresent();
        assertThat(RestartRule.never().nextStart(1, unhealthyButExitedZero)).isEmpty();
        assertThat(RestartRule.of(RestartSpec.newBuilder().setPolicy(RestartPolicy.ON_FAILURE).setMaxAttempts(2).build())
                .nextStart(2, unhealthyButExitedZero)).as("and counts against max_attempts").isEmpty();
        assertThat(unhealthyButExitedZero.message()).isEqualTo("liveness check failed: HTTP 503 on /healthz");
    }

    @Test
    void alwaysRestartsAnyExitWithoutLimitByDefault() {
        RestartRule rule = RestartRule.of(RestartSpec.newBuilder().setPolicy(RestartPolicy.ALWAYS).build());

        assertThat(rule.nextStart(1, SUCCEEDED)).isPresent();
        assertThat(rule.nextStart(1_000, FAILED)).isPresent();
    }

    @Test
    void alwaysStopsAtMaxAttempts() {
        RestartRule rule = RestartRule.of(RestartSpec.newBuilder().setPolicy(RestartPolicy.ALWAYS).setMaxAttempts(2).build());

        assertThat(rule.nextStart(1, SUCCEEDED)).isPresent();
        assertThat(rule.nextStart(2, SUCCEEDED)).isEmpty();
    }

    @Test
    void aKillIsNeverUndone() {
        RestartRule rule = RestartRule.of(RestartSpec.newBuilder().setPolicy(RestartPolicy.ALWAYS).build());

        assertThat(rule.nextStart(1, new TaskExit.Killed(143))).isEmpty();
    }

    @Test
    void backoffDoublesAndIsCappedAtSixtySeconds() {
        RestartRule rule = RestartRule.of(RestartSpec.newBuilder()
                .setPolicy(RestartPolicy.ALWAYS).setBackoffMillis(250).build());

        assertThat(rule.backoffBefore(1)).isEqualTo(Duration.ofMillis(250));
        assertThat(rule.backoffBefore(2)).isEqualTo(Duration.ofMillis(500));
        assertThat(rule.backoffBefore(3)).isEqualTo(Duration.ofMillis(1000));
        assertThat(rule.backoffBefore(9)).isEqualTo(Duration.ofSeconds(60));
        assertThat(rule.backoffBefore(10_000)).isEqualTo(Duration.ofSeconds(60));
    }
}
