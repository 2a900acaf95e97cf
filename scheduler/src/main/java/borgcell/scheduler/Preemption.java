package borgcell.scheduler;

import borgcell.scheduler.feasibility.Feasibility;
import borgcell.scheduler.feasibility.ResourcesFit;
import borgcell.scheduler.preemption.DisruptionAllowance;
import borgcell.scheduler.preemption.VictimSelection;
import borgcell.scheduler.scale.RelaxedRandomization;
import java.util.List;
import java.util.Optional;

/**
 * The preemption step of a pass, for a task no machine takes as it is: on each machine that
 * fails the task for resources alone, the victims {@link VictimSelection} picks; among those
 * machines, the option the pipeline's preemption cost likes best (fewest victims, then lowest
 * priorities), then the best score once the victims are gone, then the smallest id. An
 * exhaustive pass looks at every machine; a scaled one at machines in a seeded random
 * rotation until it has as many options as its candidate limit.
 */
final class Preemption {

    /** Evict {@code victims} from machine {@code machine}, then place the task there. */
    record Option(int machine, List<PlacedTask> victims) {
    }

    private final Pipeline pipeline;
    private final PassState cell;
    private final VictimSelection victimSelection = new VictimSelection();
    private final RelaxedRandomization randomization; // null: look at every machine

    private final DisruptionAllowance budgets;

    Preemption(Pipeline pipeline, PassState cell, RelaxedRandomization randomization, DisruptionAllowance budgets) {
        this.pipeline = pipeline;
        this.cell = cell;
        this.randomization = randomization;
        this.budgets = budgets;
    }

    Optional<Option> find(TaskRequest task) {
        int n = cell.size();
        int start = randomization == null ? 0 : randomization.start(n);
        Option best = null;
        double bestCost = 0;
        double bestScore = 0;
        int options = 0;
        for (int k = 0; k < n; k++) {
            int m = start + k < n ? start + k : start + k - n;
            List<PlacedTask> running = cell.runningOn(m);
            // Running tasks are cheapest first: if the first is not evictable, none is.
            if (running.isEmpty() || !task.band().mayPreempt(running.getFirst().band())) {
                continue;
            }
            MachineView machine = cell.machines[m];
            if (!onlyResourcesShort(task, machine)) {
                continue;
            }
            Optional<List<PlacedTask>> victims = victimSelection.choose(task.band(), missing(task, machine), running, budgets);
            // Two victims of one job may be more than its budget spares, though each alone is not.
            if (victims.isEmpty() || !budgets.allows(victims.get())) {
                continue;
            }
            MachineView after = machine.withAllocated(machine.allocated().minus(total(victims.get())));
            // The same checks a placement passes, on the machine as it would be: never overbook.
            if (pipeline.firstRejection(task, after, cell).isPresent()) {
                continue;
            }
            double cost = pipeline.preemptionCost().score(task, after, cell.withVictims(after, victims.get()));
            double score = pipeline.score(task, after, cell);
            options++;
            if (best == null || cost > bestCost || (cost == bestCost && (score > bestScore
                    || (score == bestScore && m < best.machine())))) {
                best = new Option(m, victims.get());
                bestCost = cost;
                bestScore = score;
            }
            if (randomization != null && randomization.enough(options)) {
                break;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Whether every check that rejects the machine does so for resources only (evictions can fix those). */
    private boolean onlyResourcesShort(TaskRequest task, MachineView machine) {
        for (Feasibility check : pipeline.checks()) {
            var rejection = check.check(task, machine, cell);
            if (rejection.isPresent() && !(rejection.get() instanceof ResourcesFit.Insufficient)) {
                return false;
            }
        }
        return true;
    }

    private static Resources missing(TaskRequest task, MachineView machine) {
        Resources free = machine.free();
        Resources d = task.demand();
        return new Resources(Math.max(0, d.cpuMillis() - free.cpuMillis()), Math.max(0, d.ramBytes() - free.ramBytes()),
                Math.max(0, d.diskBytes() - free.diskBytes()), Math.max(0, d.ports() - free.ports()));
    }

    private static Resources total(List<PlacedTask> tasks) {
        Resources sum = Resources.ZERO;
        for (PlacedTask t : tasks) {
            sum = sum.plus(t.demand());
        }
        return sum;
    }
}
