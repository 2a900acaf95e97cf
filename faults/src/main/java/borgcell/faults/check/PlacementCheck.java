package borgcell.faults.check;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One attempt of a task is one placement: if any answer, or the task itself, ever put the same
 * attempt on two machines, the cell ran (or would have run) it twice. A new placement must come
 * with a new attempt number, which is what lets a Borglet tell a stale task from a current one.
 */
public final class PlacementCheck {

    private PlacementCheck() {}

    public static List<Finding> check(Collection<ObservedPlacement> placements) {
        Map<String, Set<String>> machines = new TreeMap<>();
        for (ObservedPlacement p : placements) {
            machines.computeIfAbsent(p.job() + "/" + p.index() + " attempt " + p.attempt(), k -> new TreeSet<>())
                    .add(p.machine());
        }
        return machines.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(e -> new Finding("two-machines", "task " + e.getKey() + " was placed on " + e.getValue(), List.of()))
                .toList();
    }
}
