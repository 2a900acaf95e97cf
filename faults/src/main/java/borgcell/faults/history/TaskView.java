package borgcell.faults.history;

import borgcell.api.v1.Task;
import borgcell.api.v1.TaskState;

/** One task as a response showed it. */
public record TaskView(int index, TaskState state, String machine, int attempt) {

    public static TaskView of(Task task) {
        return new TaskView(task.getIndex(), task.getState(), task.getMachineId(), task.getAttempt());
    }

    /** A task the cell has put on a machine and not yet seen end. */
    public boolean placed() {
        return state == TaskState.ASSIGNED || state == TaskState.RUNNING;
    }
}
