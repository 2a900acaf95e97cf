package borgcell.cell;

import borgcell.api.v1.Resources;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * What each machine holds: the tasks placed on it (assigned or running) and the resources they
 * hold together. Kept as tasks are placed and released, and rebuilt from a snapshot, so that a
 * heartbeat, a machine going down and the scheduler's view cost what one machine holds rather
 * than a scan of every job in the cell.
 */
final class Holdings {

    /** A task by its job and index, ordered by job name then index (the order desired sets are sent in). */
    record TaskRef(String job, int index) implements Comparable<TaskRef> {
        @Override
        public int compareTo(TaskRef other) {
            int byJob = job.compareTo(other.job);
            return byJob != 0 ? byJob : Integer.compare(index, other.index);
        }
    }

    private final Map<String, Resources> allocated = new HashMap<>();
    private final Map<String, NavigableSet<TaskRef>> tasks = new HashMap<>();

    void place(String machineId, String job, int index, Resources demand) {
        allocated.merge(machineId, demand, ResourceMath::plus);
        tasks.computeIfAbsent(machineId, id -> new TreeSet<>()).add(new TaskRef(job, index));
    }

    void release(String machineId, String job, int index, Resources demand) {
        allocated.computeIfPresent(machineId, (id, held) -> ResourceMath.minus(held, demand));
        NavigableSet<TaskRef> on = tasks.get(machineId);
        if (on != null) {
            on.remove(new TaskRef(job, index));
            if (on.isEmpty()) {
                tasks.remove(machineId);
            }
        }
    }

    Resources allocatedOn(String machineId) {
        return allocated.getOrDefault(machineId, ResourceMath.ZERO);
    }

    /** The tasks placed on the machine, by job and index; a view, so copy it before changing the cell. */
    NavigableSet<TaskRef> tasksOn(String machineId) {
        return Collections.unmodifiableNavigableSet(tasks.getOrDefault(machineId, Collections.emptyNavigableSet()));
    }
}
