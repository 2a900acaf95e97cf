package borgcell.sim;

import borgcell.scheduler.MachineView;
import borgcell.scheduler.TaskRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * A cell's machines and the jobs to place on them. {@code taskScale} is the factor task sizes
 * were scaled by to reach the asked load, so that more jobs for the same cell come out alike.
 */
public record Workload(List<MachineView> machines, List<SimJob> jobs, double taskScale) {

    public Workload {
        machines = List.copyOf(machines);
        jobs = List.copyOf(jobs);
    }

    /** Every task of every job, job by job. */
    public List<TaskRequest> tasks() {
        List<TaskRequest> tasks = new ArrayList<>();
        for (SimJob job : jobs) {
            tasks.addAll(job.tasks());
        }
        return tasks;
    }
}
