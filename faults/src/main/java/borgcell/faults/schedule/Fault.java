package borgcell.faults.schedule;

/**
 * One fault to inject. Victims are named relative to the cell at that moment ("the leader",
 * "the k-th follower"), so a seed replays the same decisions whatever ids the roles fall on.
 * Every killed or paused process comes back after {@code downMillis}.
 */
public sealed interface Fault {

    long downMillis();

    /** A short name for logs and figures. */
    String kind();

    /** kill -9 the leader. */
    record KillLeader(long downMillis) implements Fault {
        public String kind() { return "kill-leader"; }
    }

    /** kill -9 one follower. */
    record KillFollower(int pick, long downMillis) implements Fault {
        public String kind() { return "kill-follower"; }
    }

    /** kill -9 two replicas at once (three remain: a quorum); with the leader or two followers. */
    record KillTwo(boolean withLeader, int pick, long downMillis) implements Fault {
        public String kind() { return "kill-two"; }
    }

    /** SIGSTOP a replica longer than the election timeout, then SIGCONT. */
    record Pause(boolean leader, int pick, long downMillis) implements Fault {
        public String kind() { return "pause"; }
    }

    /** kill -9 a follower, delete its data directory, start it empty: it must catch up. */
    record Wipe(int pick, long downMillis) implements Fault {
        public String kind() { return "wipe"; }
    }

    /** kill -9 all five replicas, then start all five. */
    record RestartAll(long downMillis) implements Fault {
        public String kind() { return "restart-all"; }
    }

    /** kill -9 a Borglet (its tasks live on as orphans); its tasks must run elsewhere; restart it later. */
    record KillBorglet(int pick, long downMillis) implements Fault {
        public String kind() { return "kill-borglet"; }
    }
}
