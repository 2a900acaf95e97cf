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
 *
 * <p>{@code desired} is null when the reader said it did not need the set at this version (the
 * Borglet already holds it): building every task's assignment for each heartbeat, under the
 * cell's lock, only to send nothing, was most of a heartbeat's read.
 */
public record HeartbeatView(Machine machine, List<TaskReport> changes, List<TaskAssignment> desired) {

    public HeartbeatView {
        changes = List.copyOf(changes);
        desired = desired == null ? null : List.copyOf(desired);
    }

    /** Whether the desired set was read (see the class comment). */
    public boolean desiredRead() {
        return desired != null;
    }

    /** The Raft index of the last change to {@link #desired} (0 for a machine from an older snapshot). */
    public long desiredVersion() {
        return machine.getDesiredVersion();
    }
}
