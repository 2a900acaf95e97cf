package borgcell.scheduler;

/** How a pass finds the machine for one task: {@link ExhaustiveSearch} or {@link ScaledSearch}. */
sealed interface Search permits ExhaustiveSearch, ScaledSearch {

    /** The number of the chosen machine in the cell's id order, or -1 if no machine takes the task as it is. */
    int bestMachine(TaskRequest task, int classNumber);
}
