package borgcell.cell;

import borgcell.api.v1.Endpoint;
import borgcell.api.v1.Endpoints;
import borgcell.api.v1.Job;
import borgcell.api.v1.JobState;
import borgcell.api.v1.Task;
import borgcell.api.v1.TaskState;
import java.util.Optional;

/**
 * Where a job's tasks can be reached: its ready tasks, each with its machine's address, its
 * ports and its DNS name. The one answer behind {@code GetEndpoints}, {@code WatchEndpoints}
 * and the DNS server, so that all three list the same tasks (ready ones only: a task that is
 * starting, failing its readiness check or gone takes no traffic).
 */
public final class JobEndpoints {
    private JobEndpoints() {}

    /** Every ready task of the job, by index; none once the job is no longer running. */
    public static Endpoints of(Cell cell, Job job, String cellName) {
        Endpoints.Builder out = Endpoints.newBuilder().setJob(job.getSpec().getName()).setUser(job.getSpec().getUser())
                .setCell(cellName);
        for (Task t : job.getTasksList()) {
            endpoint(cell, job, t, cellName).ifPresent(out::addEndpoints);
        }
        return out.build();
    }

    /** Task {@code index} of the job, when it is ready. */
    public static Optional<Endpoint> task(Cell cell, Job job, int index, String cellName) {
        return index < 0 || index >= job.getTasksCount() ? Optional.empty()
                : endpoint(cell, job, job.getTasks(index), cellName);
    }

    private static Optional<Endpoint> endpoint(Cell cell, Job job, Task t, String cellName) {
        if (job.getState() != JobState.JOB_RUNNING || t.getState() != TaskState.RUNNING || !t.getReady()) {
            return Optional.empty();
        }
        return cell.machineAddress(t.getMachineId()).map(address -> Endpoint.newBuilder()
                .setIndex(t.getIndex()).setMachineId(t.getMachineId()).setAddress(address).addAllPorts(t.getPortsList())
                .setDnsName(BorgNames.task(t.getIndex(), t.getJob(), job.getSpec().getUser(), cellName).orElse(""))
                .build());
    }
}
