package borgcell.master.leader;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LivenessTest {

    @Test
    void aNewLeaderGivesEveryMachineAFreshGracePeriod() {
        Liveness liveness = new Liveness();
        liveness.heartbeat("m1", 1_000);
        liveness.onLeaderTick(3, List.of("m1", "m2"), 10_000);

        assertThat(liveness.silenceMillis("m1", 12_000)).isEqualTo(2_000);
        assertThat(liveness.silenceMillis("m2", 12_000)).isEqualTo(2_000);
    }

    @Test
    void timeTheProcessStoodStillIsForgiven() {
        Liveness liveness = new Liveness();
        liveness.heartbeat("m1", 10_000);
        liveness.heartbeat("m2", 17_500);

        liveness.forgive(7_000, 18_000); // stood still from about 10.5 s to 17.5 s

        assertThat(liveness.silenceMillis("m1", 18_000)).isEqualTo(1_000);
        assertThat(liveness.silenceMillis("m2", 18_000)).as("never later than now").isZero();
    }

    @Test
    void heartbeatsOfMachinesTheCellDoesNotKnowAreForgotten() {
        Liveness liveness = new Liveness();
        liveness.onLeaderTick(3, List.of("m1"), 1_000);
        liveness.heartbeat("ghost", 2_000);

        liveness.onLeaderTick(3, List.of("m1"), 3_000);

        assertThat(liveness.lastHeartbeat("ghost")).isNull();
        assertThat(liveness.lastHeartbeat("m1")).isEqualTo(1_000);
    }
}
