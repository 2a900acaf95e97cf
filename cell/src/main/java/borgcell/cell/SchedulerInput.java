package borgcell.cell;

import borgcell.api.v1.Job;
import borgcell.api.v1.JobState;
import borgcell.api.v1.Task;
import borgcell.api.v1.TaskState;
import borgcell.api.v1.TaskTemplate;
import borgcell.api.v1.raft.AssignTasksCommand;
import borgcell.api.v1.raft.Assignment;
import borgcell.api.v1.raft.EvictionOrder;
import borgcell.scheduler.Constraint;
import borgcell.scheduler.Eviction;
import borgcell.scheduler.MachineView;
import borgcell.scheduler.PassResult;
import borgcell.scheduler.PlacedTask;
import borgcell.scheduler.Placement;
import borgcell.scheduler.PlacementRules;
import borgcell.scheduler.PriorityBand;
import borgcell.scheduler.Resources;
import borgcell.scheduler.TaskRequest;
import borgcell.scheduler.preemption.DisruptionAllowance;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Translates the cell's state into the scheduler library's plain records, and a pass's
 * result back into the one command that records it. The leader and the simulator both use
 * it, so the simulated cell is scheduled exactly as the real one.
 */
public record SchedulerInput(List<MachineView> machines, List<PlacedTask> running, List<TaskRequest> pending,
                             Map<String, Job> jobsRead, Map<PriorityBand, Integer> pendingByBand,
                             Map<String, Integer> disruptionsLeft) {

    /** What a pass may evict of each job with a disruption budget (a fresh allowance: a pass spends it). */
    public DisruptionAllowance budgets() {
        return disruptionsLeft.isEmpty() ? DisruptionAllowance.UNLIMITED : new DisruptionAllowance(disruptionsLeft);
    }

    /**
     * The version of a placed task as read, so an eviction order can be refused if it moved
     * since; -1 for a task that was not placed. Read from the jobs as they were read (immutable
     * messages), not indexed per task: a pass over a cell of 100,000 running tasks built 100,000
     * keys for the one or two victims it might name.
     */
    public long versionOf(String job, int index) {
        Job read = jobsRead.get(job);
        if (read == null || index < 0 || index >= read.getTasksCount() || !Cell.isPlaced(read.getTasks(index).getState())) {
            return -1L;
        }
        return read.getTasks(index).getVersion();
    }

    /** Every pending task, as a dry run ("why is my job pending?") must weigh them. */
    public static SchedulerInput from(Cell cell) {
        return from(cell, null);
    }

    /**
     * The machines, what runs on them, and the pending tasks but those {@code parked} still sets
     * aside (none when it is null); it first learns the machines, and so whether any may have room.
     * {@code pendingByBand} counts every pending task, parked or not.
     */
    public static SchedulerInput from(Cell cell, ParkedTasks parked) {
        return from(cell, parked, new MachineViews());
    }

    /** {@link #from(Cell, ParkedTasks)}, reusing the views of machines unchanged since {@code views} last read. */
    public static SchedulerInput from(Cell cell, ParkedTasks parked, MachineViews views) {
        List<MachineView> machines = views.of(cell);
        if (parked != null) {
            parked.machinesNow(machines);
        }
        List<TaskRequest> pending = new ArrayList<>();
        List<PlacedTask> running = new ArrayList<>();
        Map<String, Job> jobsRead = new java.util.HashMap<>();
        Map<PriorityBand, Integer> pendingByBand = new EnumMap<>(PriorityBand.class);
        Map<String, Integer> disruptionsLeft = new java.util.HashMap<>();
        for (Job job : cell.jobs()) {
            if (job.getState() != JobState.JOB_RUNNING) {
                continue;
            }
            jobsRead.put(job.getSpec().getName(), job);
            if (job.getSpec().hasDisruption()) {
                disruptionsLeft.put(job.getSpec().getName(), DisruptionBudgets.allowed(job));
            }
            int priority = job.getSpec().getPriority();
            // Read once per job version, and only for a job with a task to weigh: most of a full cell's are parked.
            JobTerms current = null;
            Resources currentDemand = SchedulerTerms.resources(job.getSpec().getTask().getResources());
            for (Task t : job.getTasksList()) {
                if (t.getState() == TaskState.PENDING) {
                    pendingByBand.merge(PriorityBand.of(priority), 1, Integer::sum);
                    if (parked != null && parked.isParked(t.getJob(), t.getIndex(), t.getVersion())) {
                        continue;
                    }
                    JobTerms terms;
                    if (t.getSpecVersion() == job.getCurrentVersion()) {
                        terms = current == null ? (current = JobTerms.of(job.getSpec().getTask())) : current;
                    } else {
                        terms = JobTerms.of(JobVersions.templateOf(job, t)); // an update's older task: rare
                    }
                    pending.add(new TaskRequest(t.getJob(), t.getIndex(), t.getVersion(), priority, terms.demand(),
                            terms.runtime(), terms.constraints(), terms.rules(), avoided(t)));
                } else if (Cell.isPlaced(t.getState())) {
                    Resources demand = t.getSpecVersion() == job.getCurrentVersion() ? currentDemand
                            : SchedulerTerms.resources(JobVersions.templateOf(job, t).getResources());
                    running.add(new PlacedTask(t.getJob(), t.getIndex(), priority, demand, t.getMachineId()));
                }
            }
        }
        return new SchedulerInput(machines, running, pending, jobsRead, pendingByBand, disruptionsLeft);
    }

    /** A template in the scheduler's terms. */
    private record JobTerms(Resources demand, String runtime, List<Constraint> constraints, PlacementRules rules) {
        static JobTerms of(TaskTemplate template) {
            return new JobTerms(SchedulerTerms.resources(template.getResources()), template.getRuntime(),
                    template.getConstraintsList().stream().map(SchedulerTerms::constraint).toList(),
                    SchedulerTerms.rules(template.getPlacement()));
        }
    }

    /** The machines the task used up its restarts on; most tasks avoid none and share one empty set. */
    private static Set<String> avoided(Task t) {
        return t.getAvoidMachinesCount() == 0 ? Set.of() : Set.copyOf(t.getAvoidMachinesList());
    }

    /** One pass as one command: evictions first, then placements, each with the versions the pass read. */
    public AssignTasksCommand commandFor(PassResult result) {
        AssignTasksCommand.Builder assign = AssignTasksCommand.newBuilder();
        for (Eviction e : result.evictions()) {
            assign.addEvictions(EvictionOrder.newBuilder().setJob(e.job()).setIndex(e.index())
                    .setTaskVersion(versionOf(e.job(), e.index())).setMachineId(e.machineId())
                    .setReason(e.reason()));
        }
        for (Placement p : result.placements()) {
            assign.addAssignments(Assignment.newBuilder().setJob(p.job()).setIndex(p.index())
                    .setTaskVersion(p.taskVersion()).setMachineId(p.machineId()).setMachineVersion(p.machineVersion()));
        }
        return assign.build();
    }
}
