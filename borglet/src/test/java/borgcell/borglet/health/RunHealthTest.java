package borgcell.borglet.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

class RunHealthTest {

    private static final CheckSettings SOON = new CheckSettings(Duration.ZERO, Duration.ofSeconds(30), Duration.ofSeconds(5), 1, 1);

    /**
     * Liveness and readiness probe on threads of their own and may turn at the same instant;
     * whichever writes the health text last must not write what it saw before the other turned,
     * or the task says "starting" for as long as neither turns again. The window is a few
     * hundred nanoseconds, so this catches the lost update only now and then (it did once in
     * three hundred runs, and CellInOneJvmIT once in a CI run); the lock in RunHealth is what
     * rules it out.
     */
    @Test
    void twoChecksTurningAtOnceEndPassing() {
        for (int run = 0; run < 100; run++) {
            CyclicBarrier together = new CyclicBarrier(2);
            Probe passesWithTheOther = timeout -> {
                try {
                    together.await();
                } catch (java.util.concurrent.BrokenBarrierException e) {
                    throw new IllegalStateException(e);
                }
                return ProbeResult.pass("ok");
            };
            RunHealth health = RunHealth.start("race/0#" + run,
                    Optional.of(new RunHealth.CheckPlan(passesWithTheOther, SOON)),
                    Optional.of(new RunHealth.CheckPlan(passesWithTheOther, SOON)), reason -> { });
            try {
                int attempt = run;
                await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ofMillis(20)).pollInterval(Duration.ofMillis(20)).untilAsserted(() ->
                        assertThat(health.health()).as("health after run %d", attempt).isEqualTo("passing"));
                assertThat(health.ready()).isTrue();
            } finally {
                health.stop();
            }
        }
    }
}
