package borgcell.sim.des;

import borgcell.api.v1.Job;
import borgcell.api.v1.JobState;
import borgcell.api.v1.Machine;
import borgcell.api.v1.MachineState;
import borgcell.api.v1.PlacementPolicy;
import borgcell.api.v1.Task;
import borgcell.api.v1.TaskState;
import borgcell.api.v1.TaskTemplate;
import borgcell.master.cell.Cell;
import borgcell.scheduler.Constraint;
import borgcell.scheduler.MachineView;
import borgcell.scheduler.PlacementRules;
import borgcell.scheduler.Resources;
import borgcell.scheduler.RunningTask;
import borgcell.scheduler.SoftConstraint;
import borgcell.scheduler.TaskRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cell's state as the scheduler library takes it: the same translation as the leader's
 * {@code SchedulerInput} (which is package-private in borgmaster, so it is written again here
 * rather than shared): machines with what their tasks hold, UP ones schedulable; placed tasks
 * of running jobs as running (victims, counted against job limits); pending ones as requests
 * with the version read, so a stale assignment is refused by the cell.
 */
record SchedulerView(List<MachineView> machines, List<RunningTask> running, List<TaskRequest> pending,
                     Map<String, Long> runningVersions) {

    long versionOf(String job, int index) {
        return runningVersions.getOrDefault(job + "/" + index, -1L);
    }

    static SchedulerView of(Cell cell) {
        List<MachineView> machines = new ArrayList<>();
        for (Machine m : cell.machines()) {
            machines.add(new MachineView(m.getId(), m.getVersion(), resources(m.getCapacity()),
                    resources(m.getAllocated()), Set.copyOf(m.getRuntimesList()), Map.copyOf(m.getAttributesMap()),
                    m.getState() == MachineState.UP));
        }
        List<TaskRequest> pending = new ArrayList<>();
        List<RunningTask> running = new ArrayList<>();
        Map<String, Long> versions = new HashMap<>();
        for (Job job : cell.jobs()) {
            if (job.getState() != JobState.JOB_RUNNING) {
                continue;
            }
            TaskTemplate template = job.getSpec().getTask();
            Resources demand = resources(template.getResources());
            List<Constraint> constraints = template.getConstraintsList().stream().map(SchedulerView::constraint).toList();
            PlacementRules rules = rules(template.getPlacement());
            int priority = job.getSpec().getPriority();
            for (Task t : job.getTasksList()) {
                if (t.getState() == TaskState.PENDING) {
                    pending.add(new TaskRequest(t.getJob(), t.getIndex(), t.getVersion(), priority, demand,
                            template.getRuntime(), constraints, rules));
                } else if (Cell.isPlaced(t.getState())) {
                    running.add(new RunningTask(t.getJob(), t.getIndex(), priority, demand, t.getMachineId()));
                    versions.put(t.getJob() + "/" + t.getIndex(), t.getVersion());
                }
            }
        }
        return new SchedulerView(machines, running, pending, versions);
    }

    private static PlacementRules rules(PlacementPolicy p) {
        if (p.equals(PlacementPolicy.getDefaultInstance())) {
            return PlacementRules.NONE;
        }
        return new PlacementRules(p.getMaxPerMachine(), blankToNull(p.getDomainAttribute()), p.getMaxPerDomain(),
                blankToNull(p.getSpreadAttribute()), p.getPreferencesList().stream()
                        .map(pref -> new SoftConstraint(constraint(pref.getConstraint()), pref.getWeight())).toList());
    }

    private static String blankToNull(String s) {
        return s.isBlank() ? null : s;
    }

    private static Resources resources(borgcell.api.v1.Resources r) {
        return new Resources(r.getCpuMillis(), r.getRamBytes(), r.getDiskBytes(), r.getPorts());
    }

    private static Constraint constraint(borgcell.api.v1.Constraint c) {
        return new Constraint(c.getAttribute(), Constraint.Operator.valueOf(c.getOp().name()), List.copyOf(c.getValuesList()));
    }
}
