package borgcell.master.raft;

import java.time.Duration;

/**
 * The Ratis knobs we set, with why.
 *
 * @param electionTimeoutMin a follower waits at least this long without a leader before it
 *     campaigns. Ratis' follower sleeps a random timeout T and then campaigns only if nothing
 *     came for T, so a leader's death is noticed after T to 2T, and two followers that wake
 *     together split the vote and wait another T. With 200-400 ms the 10-minute fault campaign's
 *     elections (kill to a new leader named) took 0.27-0.81 s and failovers to the first
 *     accepted write 0.36-1.36 s over 53 leader kills; with 300-600 ms, failovers of 0.7-2.4 s
 *     (a split vote 0.94 s after the kill) and one of 13 s in ten minutes; with 500-1000 ms,
 *     up to 2.4 s in two. The leader heartbeats every half of this, so on loopback a healthy
 *     leader loses its term only if it stalls for over 200 ms; the campaign's SIGSTOP fault and
 *     eight JVMs on two cores exercise exactly that. The leader lease (90% of this) stays below it.
 * @param electionTimeoutMax the upper end of the randomised timeout (spreads candidates).
 * @param snapshotThreshold take a snapshot automatically every this many log entries, so a
 *     restart replays little and a follower that fell behind gets the snapshot installed.
 * @param requestTimeout how long the replica's own Raft client keeps retrying a write or read
 *     (across leader changes) before the API answers UNAVAILABLE.
 * @param clientRpcTimeout how long one attempt of that client waits for a replica: a write
 *     sent to a leader that just died gives up after this and finds the new one (was 3 s).
 * @param logSegmentBytes the log is purged below a snapshot one closed segment at a time, so
 *     smaller segments free disk sooner after each snapshot.
 * @param entriesInFlight how many log entries one replica's writes may have on their way
 *     through Raft at once; writes proposed meanwhile share the next entry (group commit).
 */
public record RaftSettings(Duration electionTimeoutMin, Duration electionTimeoutMax,
                           long snapshotThreshold, Duration requestTimeout, long logSegmentBytes,
                           Duration clientRpcTimeout, int entriesInFlight) {

    static final int DEFAULT_ENTRIES_IN_FLIGHT = 2;

    /**
     * Snapshots every 2,000 entries: a restart replays at most that, and a replica that was
     * wiped or away long gets the snapshot installed rather than a long log replay.
     */
    public static RaftSettings defaults() {
        return new RaftSettings(Duration.ofMillis(200), Duration.ofMillis(400), 2_000, Duration.ofSeconds(10),
                1L << 20, Duration.ofSeconds(1), DEFAULT_ENTRIES_IN_FLIGHT);
    }

    public RaftSettings(Duration electionTimeoutMin, Duration electionTimeoutMax, long snapshotThreshold,
                        Duration requestTimeout, long logSegmentBytes) {
        this(electionTimeoutMin, electionTimeoutMax, snapshotThreshold, requestTimeout, logSegmentBytes,
                Duration.ofSeconds(1), DEFAULT_ENTRIES_IN_FLIGHT);
    }

    public RaftSettings withEntriesInFlight(int entries) {
        return new RaftSettings(electionTimeoutMin, electionTimeoutMax, snapshotThreshold, requestTimeout, logSegmentBytes,
                clientRpcTimeout, entries);
    }

    public RaftSettings withSnapshotThreshold(long entries) {
        return new RaftSettings(electionTimeoutMin, electionTimeoutMax, entries, requestTimeout, logSegmentBytes,
                clientRpcTimeout, entriesInFlight);
    }

    public RaftSettings withLogSegmentBytes(long bytes) {
        return new RaftSettings(electionTimeoutMin, electionTimeoutMax, snapshotThreshold, requestTimeout, bytes,
                clientRpcTimeout, entriesInFlight);
    }
}
