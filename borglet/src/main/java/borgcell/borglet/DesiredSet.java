package borgcell.borglet;

import borgcell.api.v1.HeartbeatResponse;
import borgcell.api.v1.TaskAssignment;
import borgcell.borglet.task.TaskKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tasks the cell wants on this machine, at the version of the leader's last answer: the
 * version is what a heartbeat names, and the tasks are what the Borglet reconciles against.
 *
 * <p>A leader answers the whole set ({@code full}), or only what changed since the version the
 * heartbeat named (tasks added, keys removed; nothing at all when nothing changed). A version
 * is the Raft index of the last change to the machine's set, so it names one set on every
 * replica, and applying the changes to the set held at that version gives exactly the
 * leader's. Should a change not fit what is held (a removal of a task not held, an addition
 * of one held already) the two have parted somehow: the version is forgotten, so the next
 * heartbeat names none and gets the whole set back. A master that predates versions answers
 * version 0, always with the whole set, and is treated so.
 *
 * <p>Not thread-safe: one machine's heartbeats are answered one after another.
 */
public final class DesiredSet {

    private final Map<TaskKey, TaskAssignment> tasks = new LinkedHashMap<>();
    private long version;

    /** The version to name in the next heartbeat: 0 asks for the whole set. */
    public long version() {
        return version;
    }

    /** Every task wanted here, in the order the cell listed them (changes last). */
    public List<TaskAssignment> tasks() {
        return List.copyOf(tasks.values());
    }

    public int size() {
        return tasks.size();
    }

    public boolean contains(TaskKey key) {
        return tasks.containsKey(key);
    }

    /** Asks for the whole set with the next heartbeat: after (re)registering, the cell may have forgotten us. */
    public void askForAll() {
        version = 0;
    }

    /**
     * Brings the set to what the answer says.
     *
     * @return what kind of answer it was
     */
    public Answer apply(HeartbeatResponse answer) {
        if (answer.getFull() || answer.getDesiredVersion() == 0) {
            tasks.clear();
            for (TaskAssignment task : answer.getDesiredList()) {
                tasks.putIfAbsent(TaskKey.of(task), task);
            }
            version = answer.getDesiredVersion();
            return Answer.FULL;
        }
        if (answer.getDesiredCount() == 0 && answer.getRemovedCount() == 0) {
            version = answer.getDesiredVersion();
            return Answer.UNCHANGED;
        }
        boolean fits = true;
        for (borgcell.api.v1.TaskKey removed : answer.getRemovedList()) {
            fits &= tasks.remove(new TaskKey(removed.getJob(), removed.getIndex(), removed.getAttempt())) != null;
        }
        for (TaskAssignment added : answer.getDesiredList()) {
            fits &= tasks.putIfAbsent(TaskKey.of(added), added) == null;
        }
        version = fits ? answer.getDesiredVersion() : 0;
        return fits ? Answer.CHANGES : Answer.MISFIT;
    }

    /** What a heartbeat's answer carried of the desired set. */
    public enum Answer {
        /** The whole set. */
        FULL,
        /** The changes since the version the heartbeat named. */
        CHANGES,
        /** Nothing: the set held is the cell's. */
        UNCHANGED,
        /** Changes that did not fit the set held: applied as far as they went, the whole set asked for next. */
        MISFIT
    }
}
