package borgcell.scheduler;

import borgcell.scheduler.feasibility.ConstraintsHold;
import borgcell.scheduler.feasibility.Feasibility;
import borgcell.scheduler.feasibility.Rejection;
import borgcell.scheduler.feasibility.ResourcesFit;
import borgcell.scheduler.feasibility.TasksPerDomainLimit;
import borgcell.scheduler.feasibility.TasksPerMachineLimit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Why a task is pending, in the shape Kubernetes users read every day:
 * {@code "0/3 machines fit: 2 insufficient ram, 1 runtime microvm not offered"}. Each machine
 * counts once, under the first check that rejected it. Then the nearest change that a machine
 * would take now:
 * <ol>
 * <li>a smaller request, when some machine fails the task for resources alone: of those, the
 *     machine needing the fewest dimensions cut, then the smallest cut, names what it has
 *     free ({@code with ram <= 3.5 GiB}, rounded down so that it is true);</li>
 * <li>otherwise one rule dropped, when some machine fails the task for that one rule alone
 *     (a hard constraint, a per-machine or per-domain limit): the rule that would admit the
 *     most machines ({@code without constraint zone EQ a});</li>
 * <li>otherwise nothing: no single change would do.</li>
 * </ol>
 * Only worked out for tasks left unplaced, once per equivalence class in a scaled pass.
 */
final class PendingReason {

    private PendingReason() {
    }

    static WhyPending explain(Pipeline pipeline, TaskRequest task, MachineView[] machines, PassContext pass) {
        Map<String, Integer> counts = new HashMap<>();
        Map<String, Integer> relaxations = new HashMap<>();
        int fit = 0;
        MachineView shrinkOn = null;
        int shrinkDimensions = Integer.MAX_VALUE;
        double shrinkShare = Double.MAX_VALUE;
        List<Feasibility> checks = pipeline.checks();
        for (MachineView machine : machines) {
            Rejection first = null;
            Rejection other = null;
            int others = 0;
            boolean resourcesShort = false;
            for (Feasibility check : checks) {
                var rejection = check.check(task, machine, pass);
                if (rejection.isEmpty()) {
                    continue;
                }
                if (first == null) {
                    first = rejection.get();
                }
                if (rejection.get() instanceof ResourcesFit.Insufficient) {
                    resourcesShort = true;
                } else {
                    others++;
                    other = rejection.get();
                }
            }
            if (first == null) {
                fit++;
                continue;
            }
            counts.merge(first.reason(), 1, Integer::sum);
            if (others == 0 && resourcesShort) {
                int dimensions = 0;
                double share = 0;
                for (Dimension d : Dimension.ALL) {
                    long demand = d.amountIn(task.demand());
                    long free = d.amountIn(machine.capacity()) - d.amountIn(machine.allocated());
                    if (demand > free) {
                        dimensions = free <= 0 ? Integer.MAX_VALUE : dimensions + 1; // nothing free: no cut helps
                        share = Math.max(share, (double) (demand - free) / demand);
                    }
                }
                if (dimensions < shrinkDimensions || (dimensions == shrinkDimensions && share < shrinkShare)) {
                    shrinkOn = machine;
                    shrinkDimensions = dimensions;
                    shrinkShare = share;
                }
            } else if (others == 1 && !resourcesShort) {
                String relaxation = relaxation(task, machine, other);
                if (relaxation != null) {
                    relaxations.merge(relaxation, 1, Integer::sum);
                }
            }
        }
        String nearest = "";
        if (shrinkOn != null && shrinkDimensions != Integer.MAX_VALUE) {
            nearest = shrink(task, shrinkOn);
        } else if (!relaxations.isEmpty()) {
            nearest = mostFrequent(relaxations).getFirst().getKey();
        }
        List<WhyPending.Rejected> rejected = new ArrayList<>();
        for (Map.Entry<String, Integer> e : mostFrequent(counts)) {
            rejected.add(new WhyPending.Rejected(e.getKey(), e.getValue()));
        }
        return new WhyPending(List.of(), machines.length, fit, rejected, nearest);
    }

    /** Most frequent first; equal counts by text, so the message never depends on hash order. */
    private static List<Map.Entry<String, Integer>> mostFrequent(Map<String, Integer> counts) {
        List<Map.Entry<String, Integer>> byCount = new ArrayList<>(counts.entrySet());
        byCount.sort(Map.Entry.<String, Integer>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey()));
        return byCount;
    }

    /** "with cpu <= 1.5, ram <= 3.5 GiB": each short dimension cut to what the machine has free. */
    private static String shrink(TaskRequest task, MachineView machine) {
        List<String> cuts = new ArrayList<>();
        for (Dimension d : Dimension.ALL) {
            long free = d.amountIn(machine.capacity()) - d.amountIn(machine.allocated());
            if (d.amountIn(task.demand()) > free) {
                cuts.add(d.label() + " <= " + AmountFormat.format(d, free));
            }
        }
        return "with " + String.join(", ", cuts);
    }

    /** The rule whose removal would let this machine take the task, if it is the only thing in the way. */
    private static String relaxation(TaskRequest task, MachineView machine, Rejection only) {
        return switch (only) {
            case ConstraintsHold.NotMet notMet -> {
                // The check names the first constraint broken; dropping it helps only if it is the only one.
                int broken = 0;
                for (Constraint c : task.constraints()) {
                    if (!c.holdsOn(machine.attributes())) {
                        broken++;
                    }
                }
                yield broken == 1 ? "without constraint " + notMet.constraint().describe() : null;
            }
            case TasksPerMachineLimit.TooManyOnMachine limit ->
                    "with more than " + limit.limit() + " task(s) of the job allowed per machine";
            case TasksPerDomainLimit.TooManyInDomain limit ->
                    "with more than " + limit.limit() + " task(s) of the job allowed per " + limit.attribute();
            default -> null;
        };
    }
}
