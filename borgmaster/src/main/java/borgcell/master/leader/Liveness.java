package borgcell.master.leader;

import java.util.Collection;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each machine last heartbeat, in the leader's memory only: heartbeats never become log
 * entries. A new leader starts every known machine's clock afresh, giving each a full grace
 * period before it can be declared down; time the process stood still is forgiven.
 */
public final class Liveness {
    private final Map<String, Long> lastHeartbeatMillis = new ConcurrentHashMap<>();
    private volatile long leaderTerm = -1;

    public void heartbeat(String machineId, long nowMillis) {
        lastHeartbeatMillis.put(machineId, nowMillis);
    }

    /**
     * Called on each liveness check; resets the clocks when this replica became leader of a new
     * term, and forgets ids the cell does not know (a heartbeat is noted as it arrives, before
     * the cell is asked whether the machine is registered).
     */
    public void onLeaderTick(long term, Collection<String> knownMachines, long nowMillis) {
        if (term != leaderTerm) {
            leaderTerm = term;
            lastHeartbeatMillis.clear();
            for (String id : knownMachines) {
                lastHeartbeatMillis.put(id, nowMillis);
            }
        } else if (lastHeartbeatMillis.size() > knownMachines.size()) {
            Set<String> known = knownMachines instanceof Set<String> set ? set : Set.copyOf(knownMachines);
            lastHeartbeatMillis.keySet().removeIf(id -> !known.contains(id));
        }
    }

    /**
     * This process stood still for {@code stallMillis} (see {@link StallWatch}): no heartbeat
     * could be noted meanwhile, so every machine gets that time back.
     */
    public void forgive(long stallMillis, long nowMillis) {
        lastHeartbeatMillis.replaceAll((id, last) -> Math.min(nowMillis, last + stallMillis));
    }

    public void onNotLeader() {
        leaderTerm = -1;
    }

    /** Milliseconds since the machine's last heartbeat (or since this leader took over). */
    public long silenceMillis(String machineId, long nowMillis) {
        Long last = lastHeartbeatMillis.get(machineId);
        if (last == null) {
            lastHeartbeatMillis.put(machineId, nowMillis); // registered after we took over
            return 0;
        }
        return nowMillis - last;
    }

    public Long lastHeartbeat(String machineId) {
        return lastHeartbeatMillis.get(machineId);
    }
}
