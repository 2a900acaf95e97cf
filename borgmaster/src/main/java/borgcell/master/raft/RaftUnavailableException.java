package borgcell.master.raft;

/** The Raft group could not take a request in time (no leader, no quorum): callers answer UNAVAILABLE. */
public final class RaftUnavailableException extends RuntimeException {
    public RaftUnavailableException(String message) {
        super(message);
    }
}
