package borgcell.scheduler.scoring;

import borgcell.scheduler.MachineView;
import borgcell.scheduler.TaskRequest;

/**
 * One scoring preference (Nomad's RankIterator, Kubernetes' Score plugin), asked only about
 * machines that passed every feasibility check. Pure, like a feasibility check.
 */
@FunctionalInterface
public interface Scorer {

    /** How much this scorer likes placing the task on the machine: higher is better, within [0, 1]
     *  so that scorers can be summed without one drowning out the others. */
    double score(TaskRequest task, MachineView machine);
}
