package borgcell.scheduler;

import borgcell.scheduler.feasibility.ConstraintsHold;
import borgcell.scheduler.feasibility.Feasibility;
import borgcell.scheduler.feasibility.MachineSchedulable;
import borgcell.scheduler.feasibility.Rejection;
import borgcell.scheduler.feasibility.ResourcesFit;
import borgcell.scheduler.feasibility.RuntimeOffered;
import borgcell.scheduler.scoring.BestFit;
import borgcell.scheduler.scoring.Scorer;
import borgcell.scheduler.scoring.WorstFit;
import java.util.List;
import java.util.Optional;

/**
 * The parts of a placement decision, in order: feasibility checks (the first that rejects a
 * machine is the reason counted for it), then scorers (summed). New parts (anti-affinity,
 * quota, spreading, preemption cost) go into {@link #standard}, with a word on why they
 * stand where they stand.
 */
public record Pipeline(List<Feasibility> checks, List<Scorer> scorers) {

    public Pipeline {
        checks = List.copyOf(checks);
        scorers = List.copyOf(scorers);
    }

    /** The pipeline a cell runs with the given scoring policy. */
    public static Pipeline standard(ScoringPolicy policy) {
        return new Pipeline(
                List.of(
                        // First: on a draining or down machine any other reason is noise.
                        new MachineSchedulable(),
                        // A set lookup, and a machine without the runtime never fits, however empty.
                        new RuntimeOffered(),
                        // The usual reason while the cell is full.
                        new ResourcesFit(),
                        // Last: the dearest check (string compares, number parsing per constraint).
                        new ConstraintsHold()),
                List.of(switch (policy) {
                    case BEST_FIT -> new BestFit();
                    case WORST_FIT -> new WorstFit();
                }));
    }

    /** The first check that rejects the machine for the task, or empty if every check admits it. */
    public Optional<Rejection> firstRejection(TaskRequest task, MachineView machine) {
        for (int i = 0; i < checks.size(); i++) {
            Optional<Rejection> rejection = checks.get(i).check(task, machine);
            if (rejection.isPresent()) {
                return rejection;
            }
        }
        return Optional.empty();
    }

    /** The sum of every scorer's score, for a machine that passed every check. */
    public double score(TaskRequest task, MachineView machine) {
        double total = 0;
        for (int i = 0; i < scorers.size(); i++) {
            total += scorers.get(i).score(task, machine);
        }
        return total;
    }
}
