package borgcell.faults.check;

import borgcell.faults.history.JobView;
import borgcell.faults.history.TaskView;
import java.util.List;

/** A task attempt and the machine a response (or the task itself) said it was on. */
public record ObservedPlacement(String job, int index, int attempt, String machine) {

    /** The placements a job view shows: its tasks that have been given a machine. */
    public static List<ObservedPlacement> of(JobView job) {
        return job.tasks().stream().filter(t -> t.attempt() > 0 && !t.machine().isEmpty())
                .map(t -> of(job.name(), t)).toList();
    }

    static ObservedPlacement of(String job, TaskView t) {
        return new ObservedPlacement(job, t.index(), t.attempt(), t.machine());
    }
}
