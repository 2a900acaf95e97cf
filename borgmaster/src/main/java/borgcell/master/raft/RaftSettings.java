package borgcell.master.raft;

import java.time.Duration;

/**
 * The Ratis knobs we set, with why.
 *
 * @param electionTimeoutMin a follower waits at least this long without a leader before it
 *     campaigns. On loopback a heartbeat takes well under a millisecond, but two cores shared
 *     by five JVMs stall for tens of milliseconds under GC and JIT; 1 s keeps elections rare
 *     while still failing over in about a second and a half.
 * @param electionTimeoutMax the upper end of the randomised timeout (spreads candidates).
 * @param snapshotThreshold take a snapshot automatically every this many log entries, so a
 *     restart replays little and a follower that fell behind gets the snapshot installed.
 * @param requestTimeout how long the replica's own Raft client keeps retrying a write or read
 *     (across leader changes) before the API answers UNAVAILABLE.
 * @param logSegmentBytes the log is purged below a snapshot one closed segment at a time, so
 *     smaller segments free disk sooner after each snapshot.
 */
public record RaftSettings(Duration electionTimeoutMin, Duration electionTimeoutMax,
                           long snapshotThreshold, Duration requestTimeout, long logSegmentBytes) {

    public static RaftSettings defaults() {
        return new RaftSettings(Duration.ofMillis(1000), Duration.ofMillis(2000), 10_000, Duration.ofSeconds(10),
                1L << 20);
    }

    public RaftSettings withSnapshotThreshold(long entries) {
        return new RaftSettings(electionTimeoutMin, electionTimeoutMax, entries, requestTimeout, logSegmentBytes);
    }

    public RaftSettings withLogSegmentBytes(long bytes) {
        return new RaftSettings(electionTimeoutMin, electionTimeoutMax, snapshotThreshold, requestTimeout, bytes);
    }
}
