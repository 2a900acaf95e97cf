package borgcell.scheduler;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Why the tasks of one equivalence class are pending, in the shape Kubernetes users read:
 * {@code "0/10000 machines fit: 7200 insufficient ram, 2500 constraint rack EQ r1 not met;
 * would fit now with ram <= 3.5 GiB"}. Each machine counts once, under the first check that
 * rejected it; {@code rejections} are most frequent first, ties alphabetically.
 * {@code nearestChange} is the smallest change to the request that a machine would take now
 * ("with ram <= 3.5 GiB", "without constraint zone EQ a"), or empty when no single change would do.
 */
public record WhyPending(List<TaskId> tasks, int machines, int fit, List<Rejected> rejections, String nearestChange) {

    /** {@code count} machines rejected for {@code reason}. */
    public record Rejected(String reason, int count) {
    }

    public WhyPending {
        tasks = List.copyOf(tasks);
        rejections = List.copyOf(rejections);
        nearestChange = nearestChange == null ? "" : nearestChange;
    }

    /** The counts alone: {@code "0/3 machines fit: 2 insufficient ram, 1 runtime microvm not offered"}. */
    public String counts() {
        if (machines == 0) {
            return "0/0 machines fit: no machines registered";
        }
        return fit + "/" + machines + " machines fit: " + rejections.stream()
                .map(r -> r.count() + " " + r.reason())
                .collect(Collectors.joining(", "));
    }

    /** The counts, then the nearest change when there is one. */
    public String message() {
        return nearestChange.isEmpty() ? counts() : counts() + "; would fit now " + nearestChange;
    }

}
