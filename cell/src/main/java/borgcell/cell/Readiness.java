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
     * A task reported RUNNING is ready when its Borglet says its readiness check passes; one
     * without a readiness check is ready as soon as it runs (so Borglets that never probe, such
     * as the benchmark's hollow ones, still make their tasks ready).
     */
    public static boolean of(TaskTemplate template, TaskReport report) {
        return report.getState() == TaskState.RUNNING && (report.getReady() || !template.hasReadiness());
    }

    /** The task as it leaves its machine: no machine, no ports, not ready, no health. */
    public static Task.Builder unplaced(Task t) {
        return t.toBuilder().clearMachineId().clearPorts().setReady(false).clearHealth();
    }
}
