package borgcell.scheduler;

import java.util.List;

/**
 * The outcome of one pass. Placements, evictions and unplaced tasks are in the order the
 * tasks were considered; an eviction comes with the placement it made room for, in the same
 * pass, never alone. {@code whyPending} has one entry per equivalence class left pending.
 */
public record PassResult(List<Placement> placements, List<Eviction> evictions, List<Unplaced> unplaced,
                         List<WhyPending> whyPending) {

    public PassResult {
        placements = List.copyOf(placements);
        evictions = List.copyOf(evictions);
        unplaced = List.copyOf(unplaced);
        whyPending = List.copyOf(whyPending);
    }

    /** A result with no evictions and no grouped explanations, the shape of the first scheduler. */
    public PassResult(List<Placement> placements, List<Unplaced> unplaced) {
        this(placements, List.of(), unplaced, List.of());
    }
}
