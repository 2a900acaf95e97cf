package borgcell.cell;

import borgcell.scheduler.MachineView;
import borgcell.scheduler.PassResult;
import borgcell.scheduler.TaskRequest;
import borgcell.scheduler.Unplaced;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pending tasks a pass could not place, set aside until the cell may have room for them, as
 * Kubernetes' scheduling queue keeps unschedulable pods out of its active queue until a cluster
 * event could make them fit. Without it every pass of a full cell (or one with no machines)
 * weighs every pending task again, under the cell's lock, five times a second, while the
 * answer cannot have changed.
 *
 * <p>Room can only have grown where a machine is new, changed in anything but its allocation
 * (state, capacity, runtimes, attributes: its version moves), or has less allocated in some
 * dimension than at the last pass. A machine that only gained allocation helps no parked task:
 * what was placed there took room, and if it has a lower priority a parked task could preempt
 * it as before. So any such change unparks every task; a task whose own version moved
 * (killed, reset to pending) is a new key and never parked. Scaled passes look at a sample of
 * the machines, so a parked task could have fit on one the sample missed: every
 * {@code fullPassEvery} passes every pending task is weighed again, whatever happened.
 *
 * <p>Deterministic: it counts passes, not time. One per leader (or simulation); not thread-safe.
 */
public final class ParkedTasks {

    /** At the leader's 200 ms tick, every 5 s of passes (Kubernetes retries its unschedulable pods within 5 minutes). */
    public static final int FULL_PASS_EVERY = 25;

    private record Key(String job, int index, long version) {}

    private final int fullPassEvery;
    private final Set<Key> parked = new HashSet<>();
    private Map<String, MachineView> machinesAtLastPass = Map.of();
    private int passesSinceFull;

    /** @param fullPassEvery every this many passes, parked tasks are weighed again (at least 1) */
    public ParkedTasks(int fullPassEvery) {
        if (fullPassEvery < 1) {
            throw new IllegalArgumentException("fullPassEvery must be at least 1 (got " + fullPassEvery + ")");
        }
        this.fullPassEvery = fullPassEvery;
    }

    /**
     * The same parked tasks, machines last seen and count of passes, for a dry run that must park
     * and unpark exactly as the next real pass will, without changing this one.
     */
    public ParkedTasks copy() {
        ParkedTasks copy = new ParkedTasks(fullPassEvery);
        copy.parked.addAll(parked);
        copy.machinesAtLastPass = machinesAtLastPass; // replaced whole by each pass, never changed in place
        copy.passesSinceFull = passesSinceFull;
        return copy;
    }

    /** How many tasks the next pass will leave out unless the machines give them room. */
    public int size() {
        return parked.size();
    }

    /**
     * Called with the machines as a pass reads them, before it reads the pending tasks: unparks
     * every task when one machine may have room it did not have, or when a full pass is due.
     */
    void machinesNow(List<MachineView> machines) {
        Map<String, MachineView> now = new HashMap<>(machines.size() * 2);
        boolean roomMayHaveGrown = passesSinceFull + 1 >= fullPassEvery;
        for (MachineView m : machines) {
            now.put(m.id(), m);
            if (!roomMayHaveGrown && mayHaveMoreRoom(machinesAtLastPass.get(m.id()), m)) {
                roomMayHaveGrown = true;
            }
        }
        if (roomMayHaveGrown) {
            parked.clear();
            passesSinceFull = 0;
        } else {
            passesSinceFull++;
        }
        machinesAtLastPass = now;
    }

    private static boolean mayHaveMoreRoom(MachineView before, MachineView now) {
        return before == null
                || !before.withAllocated(now.allocated()).equals(now) // changed in anything but its allocation
                || !before.allocated().fitsIn(now.allocated());
    }

    boolean isParked(String job, int index, long version) {
        return !parked.isEmpty() && parked.contains(new Key(job, index, version));
    }

    /** Parks the tasks of {@code considered} that the pass left unplaced. */
    public void afterPass(List<TaskRequest> considered, PassResult result) {
        if (result.unplaced().isEmpty()) {
            return;
        }
        Map<String, Long> versions = new HashMap<>(considered.size() * 2);
        for (TaskRequest t : considered) {
            versions.put(t.job() + "/" + t.index(), t.version());
        }
        for (Unplaced u : result.unplaced()) {
            Long version = versions.get(u.job() + "/" + u.index());
            if (version != null) {
                parked.add(new Key(u.job(), u.index(), version));
            }
        }
    }
}
