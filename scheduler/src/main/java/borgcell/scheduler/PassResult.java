package borgcell.scheduler;

import java.util.List;

/** The outcome of one pass; both lists are in the order the tasks were considered. */
public record PassResult(List<Placement> placements, List<Unplaced> unplaced) {

    public PassResult {
        placements = List.copyOf(placements);
        unplaced = List.copyOf(unplaced);
    }
}
