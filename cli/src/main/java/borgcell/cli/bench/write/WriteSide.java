package borgcell.cli.bench.write;

/**
 * One side of the comparison: a five-member replicated store on this machine, written through
 * one of its followers, each write acknowledged only once it is committed.
 */
interface WriteSide extends AutoCloseable {

    /** {@code cell} or {@code etcd}: the key of its figures in the JSON line. */
    String name();

    /** The member the clients write through, as the summary names it. */
    String follower();

    /**
     * The leader and the Raft term as the follower sees them now: a round that begins and ends
     * in the same term had no election, so every write went through the follower to one leader.
     */
    Leadership leadership();

    /** A leader's name and its term. */
    record Leadership(String leader, long term) {}

    /** Writes the record called {@code name} (a job name, an etcd key); throws when it was refused or failed. */
    void write(String name) throws Exception;

    @Override
    void close();
}
