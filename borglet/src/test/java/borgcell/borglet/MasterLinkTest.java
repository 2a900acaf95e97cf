package borgcell.borglet;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import org.junit.jupiter.api.Test;

class MasterLinkTest {

    @Test
    void readsTheLeaderAFollowerNames() {
        assertThat(MasterLink.leaderHint(Status.FAILED_PRECONDITION
                .withDescription("not the leader; leader is 10.0.0.7:7070"))).isEqualTo("10.0.0.7:7070");
        assertThat(MasterLink.leaderHint(Status.FAILED_PRECONDITION
                .withDescription("not the leader (leader is [::1]:7070)"))).isEqualTo("[::1]:7070");
        assertThat(MasterLink.leaderHint(Status.FAILED_PRECONDITION.withDescription("no leader yet"))).isNull();
        assertThat(MasterLink.leaderHint(Status.UNAVAILABLE.withDescription("leader is a:1"))).isNull();
    }
}
