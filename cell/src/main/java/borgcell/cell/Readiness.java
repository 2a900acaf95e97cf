package borgcell.cell;

import borgcell.api.v1.Task;
import borgcell.api.v1.TaskReport;
import borgcell.api.v1.TaskState;
import borgcell.api.v1.TaskTemplate;

/**
 * When a task is ready: it may take traffic, counts as available to rolling updates and
 * disruption budgets, and has a DNS name. The one rule, so the cell, the updates and the
 * names cannot disagree.
 */
public final class Readiness {
    private Readiness() {
    }

    /**
     * A task reported RUNNING is ready when its Borglet says so: its program is up (not waiting
     * to be restarted after a crash: a crash-looping task counts as RUNNING but serves nothing)
     * and its readiness check, if it has one, passes. The Borglet alone sees both.
     */
    public static boolean of(TaskTemplate template, TaskReport report) {
        return report.getState() == TaskState.RUNNING && report.getReady();
    }

    /** The task as it leaves its machine: no machine, no ports, not ready, no health. */
    public static Task.Builder unplaced(Task t) {
        return t.toBuilder().clearMachineId().clearPorts().setReady(false).clearHealth();
    }
}
