package borgcell.cell;

import borgcell.api.v1.Machine;
import borgcell.api.v1.TaskAssignment;
import borgcell.api.v1.TaskReport;
import java.util.List;

/**
 * What the leader needs to answer one Borglet heartbeat, read from the {@link Cell} at once:
 * the machine (as stored: its {@code allocated} is not filled in), the reports that change something the cell holds (only these become a Raft
 * command), and the tasks the cell wants running there with the version of that set, which
 * the leader compares with the one the Borglet holds to answer only what changed.
 */
public record HeartbeatView(Machine machine, List<TaskReport> changes, List<TaskAssignment> desired) {

    public HeartbeatView {
        changes = List.copyOf(changes);
        desired = List.copyOf(desired);
    }

    /** The Raft index of the last change to {@link #desired} (0 for a machine from an older snapshot). */
    public long desiredVersion() {
        return machine.getDesiredVersion();
    }
}
