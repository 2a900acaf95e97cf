package borgcell.scheduler;

import java.util.List;

/**
 * What a pass has decided so far, for the checks and scorers whose answer depends on more
 * than the task and the machine: job limits and spreading read where the job's other tasks
 * are (running, or placed earlier in the pass), the preemption cost reads the victims a
 * placement would evict.
 */
public interface PassContext {

    /** Nothing running, nothing placed, no victims: what a check sees outside a pass. */
    PassContext EMPTY = new PassContext() {
        @Override
        public int tasksOfJobOnMachine(String job, MachineView machine) {
            return 0;
        }

        @Override
        public int tasksOfJobInDomain(String job, String attribute, MachineView machine) {
            return 0;
        }

        @Override
        public List<PlacedTask> victims(MachineView machine) {
            return List.of();
        }
    };

    /** Tasks of {@code job} on the machine: running there and not evicted, or placed there in this pass. */
    int tasksOfJobOnMachine(String job, MachineView machine);

    /**
     * Tasks of {@code job} in the machine's failure domain: on machines sharing its value of
     * {@code attribute}. A machine without the attribute is a domain of its own.
     */
    int tasksOfJobInDomain(String job, String attribute, MachineView machine);

    /** The running tasks that placing the task being scored on the machine would evict; empty unless preempting. */
    List<PlacedTask> victims(MachineView machine);
}
