package borgcell.scheduler;

/**
 * Every machine checked and scored for every task: the first scheduler's search, and the
 * packing-quality baseline the scaled search is measured against. Machines are in id order
 * and only a strictly higher score replaces the best so far, so ties go to the smallest id.
 */
final class ExhaustiveSearch implements Search {

    private final Pipeline pipeline;
    private final PassState cell;

    ExhaustiveSearch(Pipeline pipeline, PassState cell) {
        this.pipeline = pipeline;
        this.cell = cell;
    }

    @Override
    public int bestMachine(TaskRequest task, int classNumber) {
        int best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        MachineView[] machines = cell.machines;
        for (int i = 0; i < machines.length; i++) {
            if (pipeline.firstRejection(task, machines[i], cell).isPresent()) {
                continue;
            }
            double score = pipeline.score(task, machines[i], cell);
            if (best < 0 || score > bestScore) {
                best = i;
                bestScore = score;
            }
        }
        return best;
    }
}
