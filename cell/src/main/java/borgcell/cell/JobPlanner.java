package borgcell.cell;

import borgcell.api.v1.Job;
import borgcell.api.v1.JobPlan;
import borgcell.api.v1.JobSpec;
import borgcell.api.v1.JobState;
import borgcell.api.v1.PendingTask;
import borgcell.api.v1.PlannedEviction;
import borgcell.api.v1.PlannedPlacement;
import borgcell.api.v1.Task;
import borgcell.api.v1.TaskState;
import borgcell.api.v1.raft.CellSnapshot;
import borgcell.api.v1.raft.Command;
import borgcell.api.v1.raft.CommandResult;
import borgcell.scheduler.Eviction;
import borgcell.scheduler.Unplaced;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A dry run of a job spec against the cell ({@code borg job plan}, after {@code nomad job
 * plan}): on a copy of the cell, apply the command the spec would be, run the tick the leader
 * would run next ({@link SchedulingPass}, copied with its parked tasks, seed and idle index),
 * apply what it decided, and read off where each task would go, what would be preempted, what
 * would stay pending and why, and how the spec differs from the running job's. The cell itself
 * is never touched; with the same cell and pass state, the real command then places the same way.
 */
public final class JobPlanner {

    /**
     * What a plan starts from, read together between two of the leader's passes: the cell as
     * applied, and a copy of the leader's pass (the plan uses it up).
     */
    public record Basis(CellSnapshot cell, SchedulingPass pass) {
    }

    /** A cell that keeps placing tasks pass after pass is not settling: the plan goes on from there. */
    private static final int MAX_TICKS_TO_SETTLE = 8;

    private JobPlanner() {
    }

    /**
     * @param owner the user whose jobs alone the caller may change, or empty for one who may change any
     * @param commands stamps the planned command with the caller's clock, as the real one would be
     */
    public static JobPlan plan(Basis basis, JobSpec spec, String owner, Commands commands) {
        Cell cell = Cell.fromSnapshot(basis.cell());
        CellReads reads = CellReads.of(cell);
        SchedulingPass pass = basis.pass();
        long index = settle(cell, reads, pass, basis.cell().getLastAppliedIndex(), commands);

        String name = spec.getName();
        Optional<Job> running = cell.job(name).filter(j -> j.getState() == JobState.JOB_RUNNING);
        JobPlan.Builder plan = JobPlan.newBuilder().setJob(name).setCreates(running.isEmpty());
        running.ifPresent(job -> plan.setCurrentVersion(job.getCurrentVersion())
                .addAllDiff(SpecDiff.between(job.getSpec(), spec)).addAllRestarted(restarted(job, spec)));

        CommandResult answer = cell.apply(++index, change(spec, owner, commands));
        if (answer.hasError()) {
            return plan.addRefused(answer.getError().getMessage()).build();
        }
        SchedulingPass.Tick tick = pass.tick(index, reads);
        if (tick.placed()) {
            // Applied as the leader's command would be, so the plan reads what the cell would then hold.
            cell.apply(++index, commands.assignTasks(tick.command()));
        }

        Map<Integer, String> unplaced = new HashMap<>();
        if (tick.result() != null) {
            for (Unplaced u : tick.result().unplaced()) {
                if (u.job().equals(name)) {
                    unplaced.put(u.index(), u.reason());
                }
            }
            for (Eviction e : tick.result().evictions()) {
                if (e.preemptorJob().equals(name)) {
                    plan.addEvictions(PlannedEviction.newBuilder().setJob(e.job()).setIndex(e.index())
                            .setMachineId(e.machineId()).setReason(e.reason()));
                }
            }
        }
        for (Task t : cell.job(name).orElseThrow().getTasksList()) {
            if (t.getState() == TaskState.ASSIGNED) {
                plan.addPlacements(PlannedPlacement.newBuilder().setIndex(t.getIndex()).setMachineId(t.getMachineId()));
            } else if (t.getState() == TaskState.PENDING) {
                plan.addPending(PendingTask.newBuilder().setIndex(t.getIndex())
                        .setReason(unplaced.getOrDefault(t.getIndex(), "waiting for the next scheduling pass")));
            }
        }
        return plan.build();
    }

    /**
     * The leader may not have caught up with the cell it was copied with (a write since its last
     * tick): its next ticks run first, as they would before the planned command arrives, until
     * one places nothing. Usually none runs: the copy is taken between passes of a settled cell.
     *
     * @return the index the cell is applied to afterwards
     */
    private static long settle(Cell cell, CellReads reads, SchedulingPass pass, long index, Commands commands) {
        for (int i = 0; i < MAX_TICKS_TO_SETTLE; i++) {
            SchedulingPass.Tick tick = pass.tick(index, reads);
            if (!tick.placed()) {
                return index;
            }
            cell.apply(++index, commands.assignTasks(tick.command()));
        }
        return index;
    }

    /**
     * The command that would bring the cell to {@code spec}: {@code borg job apply}'s, an update
     * of the running job of that name, or a submission when none runs.
     */
    static Command change(JobSpec spec, String owner, Commands commands) {
        return commands.updateJob("", "", spec, true, owner, "");
    }

    /** The tasks an update to {@code spec} would replace: live ones whose template changes. */
    private static java.util.List<Integer> restarted(Job job, JobSpec spec) {
        java.util.List<Integer> out = new java.util.ArrayList<>();
        for (Task t : job.getTasksList()) {
            if (t.getIndex() < spec.getTaskCount() && !Cell.isTerminal(t.getState())
                    && !JobVersions.templateOf(job, t).equals(spec.getTask())) {
                out.add(t.getIndex());
            }
        }
        return out;
    }
}
