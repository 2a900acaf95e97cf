package borgcell.scheduler;

import borgcell.scheduler.feasibility.AvoidedMachines;
import borgcell.scheduler.feasibility.ConstraintsHold;
import borgcell.scheduler.feasibility.Feasibility;
import borgcell.scheduler.feasibility.MachineSchedulable;
import borgcell.scheduler.feasibility.Rejection;
import borgcell.scheduler.feasibility.ResourcesFit;
import borgcell.scheduler.feasibility.RuntimeOffered;
import borgcell.scheduler.feasibility.TasksPerDomainLimit;
import borgcell.scheduler.feasibility.TasksPerMachineLimit;
import borgcell.scheduler.scoring.BestFit;
import borgcell.scheduler.scoring.Hybrid;
import borgcell.scheduler.scoring.MachinePreference;
import borgcell.scheduler.scoring.PreemptionCost;
import borgcell.scheduler.scoring.Scorer;
import borgcell.scheduler.scoring.SoftConstraints;
import borgcell.scheduler.scoring.SpreadOverDomains;
import borgcell.scheduler.scoring.WorstFit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The parts of a placement decision, in order: feasibility checks (the first that rejects a
 * machine is the reason counted for it), then scorers (summed), and how preemption options
 * are ranked. New parts go into {@link #standard}, with a word on why they stand where they stand.
 */
public record Pipeline(List<Feasibility> checks, List<Scorer> scorers, Scorer preemptionCost) {

    public Pipeline {
        checks = List.copyOf(checks);
        scorers = List.copyOf(scorers);
        Objects.requireNonNull(preemptionCost, "preemptionCost");
    }

    /** Checks and scorers, with the standard ranking of preemption options. */
    public Pipeline(List<Feasibility> checks, List<Scorer> scorers) {
        this(checks, scorers, new PreemptionCost());
    }

    /** The pipeline a cell runs with the given scoring policy. */
    public static Pipeline standard(ScoringPolicy policy) {
        return standard(switch (Objects.requireNonNull(policy, "policy")) {
            case BEST_FIT -> new BestFit();
            case WORST_FIT -> new WorstFit();
            case HYBRID -> new Hybrid();
        });
    }

    /** The standard pipeline around a fit scorer of your own, such as {@code new Hybrid(0.3)}. */
    public static Pipeline standard(Scorer fit) {
        return new Pipeline(
                List.of(
                        // First: on a draining or down machine any other reason is noise.
                        new MachineSchedulable(),
                        // A machine the task failed on is out however much room it has, and saying
                        // so beats "insufficient ram" when both hold.
                        new AvoidedMachines(),
                        // A set lookup, and a machine without the runtime never fits, however empty.
                        new RuntimeOffered(),
                        // The usual reason while the cell is full.
                        new ResourcesFit(),
                        // The dearest fixed check (string compares, number parsing per constraint).
                        new ConstraintsHold(),
                        // Last: they read the pass (hash lookups), and "the job already has a task
                        // here" only matters on a machine that could otherwise take the task.
                        new TasksPerMachineLimit(),
                        new TasksPerDomainLimit()),
                List.of(
                        // The cell's policy comes first: the index visits machines in the order it likes.
                        fit,
                        // 0 for tasks without preferences or spreading, so they score as the fit alone.
                        new SoftConstraints(),
                        new SpreadOverDomains()),
                new PreemptionCost());
    }

    /** The first check that rejects the machine for the task, or empty if every check admits it. */
    public Optional<Rejection> firstRejection(TaskRequest task, MachineView machine) {
        return firstRejection(task, machine, PassContext.EMPTY);
    }

    /** The same, with what the pass has decided so far. */
    public Optional<Rejection> firstRejection(TaskRequest task, MachineView machine, PassContext pass) {
        for (int i = 0; i < checks.size(); i++) {
            Optional<Rejection> rejection = checks.get(i).check(task, machine, pass);
            if (rejection.isPresent()) {
                return rejection;
            }
        }
        return Optional.empty();
    }

    /** The sum of every scorer's score, for a machine that passed every check. */
    public double score(TaskRequest task, MachineView machine) {
        return score(task, machine, PassContext.EMPTY);
    }

    /** The same, with what the pass has decided so far. */
    public double score(TaskRequest task, MachineView machine, PassContext pass) {
        double total = 0;
        for (int i = 0; i < scorers.size(); i++) {
            total += scorers.get(i).score(task, machine, pass);
        }
        return total;
    }

    /** Whether any scorer reads the pass for this task: then its scores cannot be cached. */
    public boolean scoresReadThePass(TaskRequest task) {
        for (int i = 0; i < scorers.size(); i++) {
            if (scorers.get(i).readsThePass(task)) {
                return true;
            }
        }
        return false;
    }

    /** The lean of the first scorer that has one: which machines the index should offer first. */
    public MachinePreference prefers() {
        for (Scorer s : scorers) {
            if (s.prefers() != MachinePreference.NONE) {
                return s.prefers();
            }
        }
        return MachinePreference.NONE;
    }
}
