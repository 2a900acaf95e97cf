package borgcell.master.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rule for a ready replica, one reason at a time. */
class RaftReadinessTest {
    private static final long LAG = 100;

    private static RaftReadiness follower() {
        return new RaftReadiness("FOLLOWER", Optional.of("borg-0"), true, true, 500, 480);
    }

    @Test
    void aVotingFollowerCaughtUpWithItsLeaderIsReady() {
        assertThat(follower().notReadyBecause(LAG)).isEmpty();
        assertThat(new RaftReadiness("LEADER", Optional.of("borg-1"), true, true, 500, 500).notReadyBecause(LAG)).isEmpty();
    }

    @Test
    void aMemberOutsideTheConfigurationIsNot() {
        RaftReadiness removed = new RaftReadiness("FOLLOWER", Optional.of("borg-0"), false, true, 500, 500);
        assertThat(removed.notReadyBecause(LAG)).hasValueSatisfying(r -> assertThat(r).contains("voting member"));
    }

    @Test
    void aCandidateOrAListenerIsNot() {
        assertThat(new RaftReadiness("CANDIDATE", Optional.empty(), true, false, 500, 500).notReadyBecause(LAG))
                .hasValueSatisfying(r -> assertThat(r).contains("CANDIDATE"));
        assertThat(new RaftReadiness("LISTENER", Optional.of("borg-0"), true, true, 500, 500).notReadyBecause(LAG))
                .hasValueSatisfying(r -> assertThat(r).contains("LISTENER"));
    }

    @Test
    void aFollowerThatKnowsNoLeaderIsNot() {
        assertThat(new RaftReadiness("FOLLOWER", Optional.empty(), true, true, 500, 500).notReadyBecause(LAG))
                .hasValueSatisfying(r -> assertThat(r).contains("no leader"));
    }

    /** Its own commit index stops at the entries it has: only the leader's term says it has them all. */
    @Test
    void aFollowerWithoutAnEntryOfTheCurrentTermIsNotEvenWithNoGap() {
        assertThat(new RaftReadiness("FOLLOWER", Optional.of("borg-0"), true, false, 300, 300).notReadyBecause(LAG))
                .hasValueSatisfying(r -> assertThat(r).contains("current leader's term"));
    }

    @Test
    void aFollowerApplyingFarBehindItsCommitIndexIsNot() {
        assertThat(new RaftReadiness("FOLLOWER", Optional.of("borg-0"), true, true, 500, 399).notReadyBecause(LAG))
                .hasValueSatisfying(r -> assertThat(r).contains("101 entries behind"));
        assertThat(new RaftReadiness("FOLLOWER", Optional.of("borg-0"), true, true, 500, 400).notReadyBecause(LAG))
                .isEmpty();
    }
}
