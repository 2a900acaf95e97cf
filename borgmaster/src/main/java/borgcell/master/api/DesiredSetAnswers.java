package borgcell.master.api;

import borgcell.api.v1.HeartbeatResponse;
import borgcell.api.v1.TaskAssignment;
import borgcell.api.v1.TaskKey;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the leader answers a Borglet about the tasks wanted on its machine: nothing when the
 * Borglet already holds the current version of the set, the changes when this leader remembers
 * the set at the Borglet's version, the whole set otherwise.
 *
 * <p>A machine's desired version is the Raft index of the last command that changed its set
 * (the {@code Cell} keeps it), so a version names one set on every replica and for good: the
 * set of keys remembered for a version is never wrong, whichever leader saw it. What is
 * remembered is one version per machine, the last one answered or found current; so when the
 * set changed while this leader knew nothing of the version the Borglet names (it took over
 * since), after a lost answer (the Borglet still names an older version), or for a Borglet
 * that starts afresh (it names 0), the answer is the whole set, flagged {@code full}.
 * Thread-safe: heartbeats arrive on gRPC's threads.
 */
final class DesiredSetAnswers {

    /** The keys of a machine's desired set at one version. */
    private record Remembered(long version, Set<TaskKey> keys) {}

    private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

    /**
     * Whether {@link #answer} will need the machine's desired set at version {@code current}:
     * not when the Borglet holds that version and this leader remembers it (most heartbeats of
     * a steady cell), nor when the Borglet is ahead. Asked while the cell is read, so that the
     * set is built only when it is sent or remembered.
     */
    boolean needsDesired(String machineId, long held, long current) {
        if (current != 0 && held > current) {
            return false;
        }
        if (current != 0 && held == current) {
            Remembered known = remembered.get(machineId);
            return known == null || known.version() != current;
        }
        return true;
    }

    /**
     * The desired-set part of a heartbeat's answer.
     *
     * @param held the version the Borglet holds (0: none)
     * @param current the version of {@code desired} in the leader's cell (0: a machine from an
     *     older snapshot, whose set has no version yet: always answered in full)
     * @param desired every task the cell wants on the machine now; null if {@link #needsDesired}
     *     said it was not needed
     */
    HeartbeatResponse.Builder answer(String machineId, long held, long current, List<TaskAssignment> desired) {
        HeartbeatResponse.Builder out = HeartbeatResponse.newBuilder();
        if (current == 0) {
            return out.setFull(true).addAllDesired(desired);
        }
        if (held == current) {
            // Nothing to send; but remember the set, so that its next change is sent as a change
            // even when this leader has just taken over. (Unread if it was remembered when the
            // cell was read; a forget() since then leaves it for the next heartbeat to remember.)
            Remembered known = remembered.get(machineId);
            if ((known == null || known.version() != current) && desired != null) {
                remembered.put(machineId, new Remembered(current, keysOf(desired)));
            }
            return out.setDesiredVersion(current);
        }
        if (held > current) {
            // The Borglet saw a later set from an earlier leader that this one has not applied
            // yet: it catches up within moments. A full answer now would take the Borglet back.
            return out.setDesiredVersion(held);
        }
        Set<TaskKey> keys = keysOf(desired);
        Remembered before = remembered.put(machineId, new Remembered(current, keys));
        out.setDesiredVersion(current);
        if (held == 0 || before == null || before.version() != held) {
            return out.setFull(true).addAllDesired(desired);
        }
        for (TaskAssignment task : desired) {
            if (!before.keys().contains(keyOf(task))) {
                out.addDesired(task);
            }
        }
        for (TaskKey key : before.keys()) {
            if (!keys.contains(key)) {
                out.addRemoved(key);
            }
        }
        return out;
    }

    /** What this replica remembers is of no use when it does not lead; the next leader starts afresh anyway. */
    void forget() {
        if (!remembered.isEmpty()) {
            remembered.clear();
        }
    }

    /** How many machines' sets are remembered (for tests). */
    int size() {
        return remembered.size();
    }

    private static Set<TaskKey> keysOf(List<TaskAssignment> desired) {
        Set<TaskKey> keys = new HashSet<>(desired.size() * 2);
        for (TaskAssignment task : desired) {
            keys.add(keyOf(task));
        }
        return keys;
    }

    static TaskKey keyOf(TaskAssignment task) {
        return TaskKey.newBuilder().setJob(task.getJob()).setIndex(task.getIndex()).setAttempt(task.getAttempt()).build();
    }
}
