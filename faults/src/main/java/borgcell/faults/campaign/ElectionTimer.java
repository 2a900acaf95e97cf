package borgcell.faults.campaign;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Times the election half of a failover: from the leader's death to the first surviving
 * replica that names a new leader (the new leader itself, or a follower its first heartbeat
 * reached). Together with the probe's first accepted write it splits a failover into the
 * election and the client path.
 */
final class ElectionTimer {
    private static final long POLL_MILLIS = 20;
    private static final long ASK_MILLIS = 200;

    /** A new leader and when (System.nanoTime) a survivor first named it. */
    record Elected(String leader, long nanos) {}

    private ElectionTimer() {}

    /** Polls the survivors on a virtual thread until one names a leader that is not dead, or the patience ends. */
    static CompletableFuture<Optional<Elected>> start(ReplicaWatch watch, List<String> survivors, Set<String> dead,
                                                      Duration patience) {
        CompletableFuture<Optional<Elected>> result = new CompletableFuture<>();
        Thread.ofVirtual().name("election-timer").start(() -> {
            long giveUp = System.nanoTime() + patience.toNanos();
            try {
                while (System.nanoTime() < giveUp) {
                    for (String replica : survivors) {
                        Optional<String> leader = watch.view(replica, ASK_MILLIS).map(ReplicaWatch.View::leader)
                                .filter(id -> !id.isEmpty() && !dead.contains(id));
                        if (leader.isPresent()) {
                            result.complete(Optional.of(new Elected(leader.get(), System.nanoTime())));
                            return;
                        }
                    }
                    Thread.sleep(POLL_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            result.complete(Optional.empty());
        });
        return result;
    }
}
