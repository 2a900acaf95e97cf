package borgcell.master.leader;

import borgcell.api.v1.Job;
import borgcell.api.v1.JobState;
import borgcell.api.v1.Machine;
import borgcell.api.v1.MachineState;
import borgcell.api.v1.Task;
import borgcell.api.v1.TaskState;
import borgcell.api.v1.TaskTemplate;
import borgcell.master.cell.Cell;
import borgcell.scheduler.Constraint;
import borgcell.scheduler.MachineView;
import borgcell.scheduler.Resources;
import borgcell.scheduler.TaskRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Translates the cell's state into the scheduler library's plain records. */
record SchedulerInput(List<MachineView> machines, List<TaskRequest> pending) {

    static SchedulerInput from(Cell cell) {
        List<MachineView> machines = new ArrayList<>();
        for (Machine m : cell.machines()) {
            machines.add(new MachineView(m.getId(), m.getVersion(), resources(m.getCapacity()),
                    resources(m.getAllocated()), Set.copyOf(m.getRuntimesList()), Map.copyOf(m.getAttributesMap()),
                    m.getState() == MachineState.UP));
        }
        List<TaskRequest> pending = new ArrayList<>();
        for (Job job : cell.jobs()) {
            if (job.getState() != JobState.JOB_RUNNING) {
                continue;
            }
            TaskTemplate template = job.getSpec().getTask();
            Resources demand = resources(template.getResources());
            List<Constraint> constraints = template.getConstraintsList().stream().map(SchedulerInput::constraint).toList();
            for (Task t : job.getTasksList()) {
                if (t.getState() == TaskState.PENDING) {
                    pending.add(new TaskRequest(t.getJob(), t.getIndex(), t.getVersion(), job.getSpec().getPriority(),
                            demand, template.getRuntime(), constraints));
                }
            }
        }
        return new SchedulerInput(machines, pending);
    }

    static Resources resources(borgcell.api.v1.Resources r) {
        return new Resources(r.getCpuMillis(), r.getRamBytes(), r.getDiskBytes(), r.getPorts());
    }

    static Constraint constraint(borgcell.api.v1.Constraint c) {
        return new Constraint(c.getAttribute(), Constraint.Operator.valueOf(c.getOp().name()), List.copyOf(c.getValuesList()));
    }
}
