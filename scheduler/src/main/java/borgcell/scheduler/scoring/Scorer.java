package borgcell.scheduler.scoring;

import borgcell.scheduler.MachineView;
import borgcell.scheduler.PassContext;
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

    /** The same, for scorers that read what the pass has placed so far. */
    default double score(TaskRequest task, MachineView machine, PassContext pass) {
        return score(task, machine);
    }

    /**
     * True when the score for this task reads the pass (where the job's other tasks are), so
     * it cannot be cached per equivalence class and machine. A scorer must read nothing of the
     * task but its requirements (demand, runtime, constraints, rules, priority) unless it says so here.
     */
    default boolean readsThePass(TaskRequest task) {
        return false;
    }

    /** Which machines this scorer likes, so the index can visit those first; NONE if it does not lean either way. */
    default MachinePreference prefers() {
        return MachinePreference.NONE;
    }
}
