package borgcell.scheduler.scale;

import borgcell.scheduler.Constraint;
import borgcell.scheduler.PlacementRules;
import borgcell.scheduler.Resources;
import borgcell.scheduler.TaskRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tasks with identical requirements (priority, demand, runtime, constraints, placement rules,
 * machines avoided) are one equivalence class: feasibility and scores worked out for one hold for all, and one
 * "why pending" explains them all. A job whose tasks depend on each other (limits, spreading)
 * is a class of its own, since "already has a task here" differs from job to job.
 */
public record EquivalenceClass(int priority, Resources demand, String runtime, List<Constraint> constraints,
                               PlacementRules rules, Set<String> avoidMachines, String job) {

    /** The class of a task. */
    public static EquivalenceClass of(TaskRequest task) {
        return new EquivalenceClass(task.priority(), task.demand(), task.runtime(), task.constraints(),
                task.rules(), task.avoidMachines(), task.rules().dependOnTheJobsOtherTasks() ? task.job() : null);
    }

    /** Tasks numbered by their position in a list, grouped: {@code classOf[i]} indexes {@code classes}. */
    public record Grouping(List<EquivalenceClass> classes, int[] classOf, int[] sizes) {
    }

    /** Groups tasks (in the order given) into classes, numbered in order of first appearance. */
    public static Grouping group(List<TaskRequest> tasks) {
        Map<EquivalenceClass, Integer> numbers = new HashMap<>();
        List<EquivalenceClass> classes = new ArrayList<>();
        int[] classOf = new int[tasks.size()];
        TaskRequest previous = null;
        for (int i = 0; i < tasks.size(); i++) {
            TaskRequest task = tasks.get(i);
            // Tasks of one job usually share their demand, constraints and rules objects: then
            // they are of the previous task's class without hashing a record of lists.
            if (previous != null && sharesRequirements(previous, task)) {
                classOf[i] = classOf[i - 1];
            } else {
                EquivalenceClass key = of(task);
                Integer number = numbers.get(key);
                if (number == null) {
                    number = classes.size();
                    numbers.put(key, number);
                    classes.add(key);
                }
                classOf[i] = number;
            }
            previous = task;
        }
        int[] sizes = new int[classes.size()];
        for (int c : classOf) {
            sizes[c]++;
        }
        return new Grouping(List.copyOf(classes), classOf, sizes);
    }

    private static boolean sharesRequirements(TaskRequest a, TaskRequest b) {
        return a.priority() == b.priority() && a.demand() == b.demand() && a.runtime() == b.runtime()
                && a.constraints() == b.constraints() && a.rules() == b.rules()
                // Identical sets only (tasks avoiding nothing share Set.of()); equal ones meet in the map.
                && a.avoidMachines() == b.avoidMachines()
                && (!a.rules().dependOnTheJobsOtherTasks() || a.job().equals(b.job()));
    }
}
