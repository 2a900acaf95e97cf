package borgcell.cli.bench.write;

import java.util.Map;

/**
 * One side of the comparison: a five-member replicated store on this machine, written through
 * one of its followers, each write acknowledged only once it is committed.
 */
interface WriteSide extends AutoCloseable {

    /** {@code cell} or {@code etcd}: the key of its figures in the JSON line. */
    String name();

    /**
     * Picks the member to write through: the one so far if it still follows a leader that agrees
     * it leads, another follower otherwise (on a loaded machine elections happen, and the last
     * round's follower may lead now). Waits for a leader as long as the side's start may.
     */
    void chooseFollower();

    /** The member written through, by name ({@code r2}, {@code e3}). */
    String follower();

    /** Its client address, {@code host:port}. */
    String address();

    /**
     * The leader, the Raft term and the follower's log index as the follower sees them now: a
     * round that begins and ends in the same term, with a leader other than the follower, wrote
     * every write through the follower to that one leader; the index tells how many log entries
     * the round's writes took.
     */
    Leadership leadership();

    /** A leader's name, its term, and how far the follower's log has come (applied or committed). */
    record Leadership(String leader, long term, long logIndex) {
        boolean sameLeaderAs(Leadership other) {
            return other != null && leader.equals(other.leader) && term == other.term;
        }
    }

    /** Each member's process id, by name: where the side's CPU is read. */
    Map<String, Long> memberPids();

    /** Writes the record called {@code name} (a job name, an etcd key); throws when it was refused or failed. */
    void write(String name) throws Exception;

    @Override
    void close();
}
