package borgcell.cli.output;

import borgcell.api.v1.JobPlan;
import borgcell.api.v1.PendingTask;
import borgcell.api.v1.PlannedEviction;
import borgcell.api.v1.PlannedPlacement;

/**
 * {@code borg job plan}, as people read {@code nomad job plan}: what the job would become
 * ({@code +} created, {@code ~} changed, field by field), then the scheduler's dry run: where
 * each task would go, what would be preempted for it, what would stay pending and why, or
 * why the cell would refuse it.
 */
public final class PlanView {

    private PlanView() {}

    /** @param tasks how many tasks the planned spec asks for */
    public static String render(JobPlan plan, int tasks) {
        StringBuilder out = new StringBuilder();
        if (plan.getCreates()) {
            out.append("+ create job ").append(plan.getJob()).append(" (").append(tasks).append(tasks == 1 ? " task" : " tasks")
                    .append(")\n");
        } else {
            out.append("~ change job ").append(plan.getJob())
                    .append(plan.getCurrentVersion() > 0 ? " (version " + plan.getCurrentVersion() + ")" : "").append('\n');
            if (plan.getDiffCount() == 0) {
                out.append("  (no change to the spec)\n");
            }
            plan.getDiffList().forEach(line -> out.append("  ~ ").append(line).append('\n'));
            if (plan.getRestartedCount() > 0) {
                out.append("  tasks replaced by the rolling update: ").append(plan.getRestartedList()).append('\n');
            } else if (plan.getDiffCount() > 0 && plan.getRefusedCount() == 0) {
                out.append("  no task is restarted (their template does not change)\n");
            }
        }
        if (plan.getRefusedCount() > 0) {
            out.append("\nRefused:\n");
            plan.getRefusedList().forEach(why -> out.append("  ").append(why).append('\n'));
            return out.toString();
        }
        out.append("\nScheduler dry run:\n");
        if (plan.getPendingCount() == 0) {
            out.append("  every task placed").append(plan.getEvictionsCount() > 0 ? ", some by preempting others" : "")
                    .append('\n');
        }
        section(out, "Placements", plan.getPlacementsList(),
                (PlannedPlacement p) -> "task " + p.getIndex() + " -> " + p.getMachineId());
        section(out, "Evictions", plan.getEvictionsList(),
                (PlannedEviction e) -> e.getJob() + "/" + e.getIndex() + " on " + e.getMachineId() + ": " + e.getReason());
        section(out, "Pending", plan.getPendingList(), (PendingTask p) -> "task " + p.getIndex() + ": " + p.getReason());
        return out.toString();
    }

    private static <T> void section(StringBuilder out, String title, java.util.List<T> items,
                                    java.util.function.Function<T, String> line) {
        if (items.isEmpty()) {
            return;
        }
        out.append(title).append(":\n");
        items.forEach(item -> out.append("  ").append(line.apply(item)).append('\n'));
    }
}
