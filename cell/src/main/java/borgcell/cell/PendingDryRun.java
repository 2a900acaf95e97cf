package borgcell.cell;

import borgcell.api.v1.Job;
import borgcell.api.v1.TaskState;
import borgcell.scheduler.PassResult;
import borgcell.scheduler.Pipeline;
import borgcell.scheduler.Placement;
import borgcell.scheduler.Scheduler;
import borgcell.scheduler.SchedulerSettings;
import borgcell.scheduler.ScoringPolicy;
import borgcell.scheduler.TaskRequest;
import borgcell.scheduler.Unplaced;
import java.util.ArrayList;
import java.util.List;

/**
 * Explains why a job's tasks are pending, by asking the scheduler what it would do with them
 * now, against the cell as it stands (a dry run: nothing is proposed). A task the dry run
 * places is only waiting for the leader's next pass.
 */
public final class PendingDryRun {
    /** One pending task and the reason, in the shape users know from Kubernetes. */
    public record Reason(int index, String reason) {}

    /** Every machine looked at, no preemption: the answer says what fits as the cell stands. */
    private final Scheduler scheduler = new Scheduler(Pipeline.standard(ScoringPolicy.BEST_FIT),
            SchedulerSettings.exhaustive());

    public List<Reason> explain(Cell cell, Job job) {
        SchedulerInput input = SchedulerInput.from(cell);
        List<TaskRequest> mine = input.pending().stream().filter(t -> t.job().equals(job.getSpec().getName())).toList();
        if (mine.isEmpty()) {
            return List.of();
        }
        PassResult dryRun = scheduler.schedule(input.machines(), input.running(), mine, input.budgets());
        List<Reason> out = new ArrayList<>();
        for (Placement p : dryRun.placements()) {
            out.add(new Reason(p.index(), "fits on " + p.machineId() + " now; waiting for the next scheduling pass"));
        }
        for (Unplaced u : dryRun.unplaced()) {
            out.add(new Reason(u.index(), u.reason()));
        }
        out.sort((a, b) -> Integer.compare(a.index(), b.index()));
        return out;
    }

    /** True if any task of the job is pending. */
    public static boolean hasPending(Job job) {
        return job.getTasksList().stream().anyMatch(t -> t.getState() == TaskState.PENDING);
    }
}
