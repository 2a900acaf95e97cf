package borgcell.sim;

import borgcell.scheduler.PriorityBand;
import borgcell.scheduler.TaskRequest;
import java.util.List;

/**
 * One job of a synthetic workload: a long-running service or a finite batch job (whose tasks
 * run {@code taskSeconds} each, for the discrete-event runs to come), and its tasks.
 */
public record SimJob(String name, Kind kind, int priority, long taskSeconds, List<TaskRequest> tasks) {

    public enum Kind { SERVICE, BATCH }

    public SimJob {
        tasks = List.copyOf(tasks);
    }

    public PriorityBand band() {
        return PriorityBand.of(priority);
    }
}
