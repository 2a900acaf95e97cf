package borgcell.master.health;

import borgcell.master.raft.RaftReplica;
import java.util.Optional;

/**
 * One reading of a replica's place in the Raft group, and the rule for "ready": a voting member
 * that follows or leads a known leader, has applied an entry of the leader's current term (so it
 * holds everything committed before that term began) and applies within {@code maxApplyLag}
 * entries of what it knows to be committed.
 *
 * <p>The term check is what makes "caught up" mean something on a follower: its own commit index
 * never runs past the entries it has, so a follower far behind sees no gap between commit and
 * apply; having applied the current leader's first entry, it has all before it.
 *
 * @param role Ratis' name of this member's role: LEADER, FOLLOWER, CANDIDATE, LISTENER, UNKNOWN
 */
public record RaftReadiness(String role, Optional<String> leader, boolean votingMember, boolean appliedInCurrentTerm,
                            long commitIndex, long appliedIndex) {

    /** What {@code replica} reports now. */
    public static RaftReadiness of(RaftReplica replica) {
        return new RaftReadiness(replica.role(), replica.leaderId(), replica.isVotingMember(),
                replica.appliedInCurrentTerm(), replica.commitIndex(), replica.appliedIndex());
    }

    /** Why this replica should not take traffic yet; empty when it is ready. */
    public Optional<String> notReadyBecause(long maxApplyLag) {
        if (!votingMember) {
            return Optional.of("not a voting member of the group's configuration");
        }
        if (!"LEADER".equals(role) && !"FOLLOWER".equals(role)) {
            return Optional.of("neither leads nor follows (" + role + ")");
        }
        if (leader.isEmpty()) {
            return Optional.of("knows no leader");
        }
        if (!appliedInCurrentTerm) {
            return Optional.of("has applied no entry of the current leader's term yet");
        }
        long lag = commitIndex - appliedIndex;
        if (lag > maxApplyLag) {
            return Optional.of("applies " + lag + " entries behind its commit index (at most " + maxApplyLag + ")");
        }
        return Optional.empty();
    }
}
