package borgcell.scheduler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Why a task is pending, in the shape Kubernetes users read every day:
 * {@code "0/3 machines fit: 2 insufficient ram, 1 runtime microvm not offered"}. Each machine
 * counts once, under the first check that rejected it. Only worked out for tasks left
 * unplaced, so a pass that places everything never builds these strings.
 */
final class PendingReason {

    private PendingReason() {
    }

    static String explain(Pipeline pipeline, TaskRequest task, List<MachineView> machines) {
        if (machines.isEmpty()) {
            return "0/0 machines fit: no machines registered";
        }
        Map<String, Integer> counts = new HashMap<>();
        int fit = 0;
        for (MachineView machine : machines) {
            var rejection = pipeline.firstRejection(task, machine);
            if (rejection.isPresent()) {
                counts.merge(rejection.get().reason(), 1, Integer::sum);
            } else {
                fit++;
            }
        }
        List<Map.Entry<String, Integer>> byCount = new ArrayList<>(counts.entrySet());
        // Most frequent first; equal counts by text, so the message never depends on hash order.
        byCount.sort(Map.Entry.<String, Integer>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey()));
        String reasons = byCount.stream()
                .map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining(", "));
        return fit + "/" + machines.size() + " machines fit: " + reasons;
    }
}
