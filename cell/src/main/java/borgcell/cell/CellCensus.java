package borgcell.cell;

import borgcell.api.v1.Job;
import borgcell.api.v1.Machine;
import borgcell.api.v1.MachineState;
import borgcell.api.v1.Resources;
import borgcell.api.v1.Task;
import borgcell.api.v1.TaskState;
import borgcell.scheduler.PriorityBand;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counts over the whole cell at one moment: tasks by state and band, machines by state,
 * capacity and allocation of the machines that are up. What the cell summary and the
 * metrics show; computed in one pass over the state.
 */
public record CellCensus(Map<TaskState, Map<PriorityBand, Integer>> tasks, Map<MachineState, Integer> machines,
                         Resources capacity, Resources allocated, int jobs) {

    public static CellCensus of(Cell cell) {
        Map<TaskState, Map<PriorityBand, Integer>> tasks = new EnumMap<>(TaskState.class);
        for (TaskState s : TaskState.values()) {
            if (s != TaskState.UNRECOGNIZED && s != TaskState.TASK_STATE_UNSPECIFIED) {
                Map<PriorityBand, Integer> byBand = new EnumMap<>(PriorityBand.class);
                for (PriorityBand b : PriorityBand.values()) {
                    byBand.put(b, 0);
                }
                tasks.put(s, byBand);
            }
        }
        int jobs = 0;
        for (Job job : cell.jobs()) {
            jobs++;
            PriorityBand band = PriorityBand.of(job.getSpec().getPriority());
            for (Task t : job.getTasksList()) {
                tasks.get(t.getState()).merge(band, 1, Integer::sum);
            }
        }
        Map<MachineState, Integer> machines = new EnumMap<>(MachineState.class);
        for (MachineState s : new MachineState[] {MachineState.UP, MachineState.DRAINING, MachineState.DOWN}) {
            machines.put(s, 0);
        }
        Resources capacity = ResourceMath.ZERO;
        Resources allocated = ResourceMath.ZERO;
        for (Machine m : cell.machines()) {
            machines.merge(m.getState(), 1, Integer::sum);
            if (m.getState() == MachineState.UP) {
                capacity = ResourceMath.plus(capacity, m.getCapacity());
                allocated = ResourceMath.plus(allocated, m.getAllocated());
            }
        }
        return new CellCensus(tasks, machines, capacity, allocated, jobs);
    }

    public int tasks(TaskState state, PriorityBand band) {
        return tasks.getOrDefault(state, Map.of()).getOrDefault(band, 0);
    }
}
