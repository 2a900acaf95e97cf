package borgcell.scheduler.scale;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Borg's relaxed randomization: look at machines in a random order and stop once
 * {@code feasibleCandidatesLimit} feasible ones are found, instead of scoring the whole cell.
 * The order comes from {@code seed}, so a pass is as repeatable as an exhaustive one.
 */
public final class RelaxedRandomization {

    private final int feasibleCandidatesLimit;
    private final RandomGenerator random;

    public RelaxedRandomization(int feasibleCandidatesLimit, long seed) {
        if (feasibleCandidatesLimit < 1) {
            throw new IllegalArgumentException("feasibleCandidatesLimit must be at least 1");
        }
        this.feasibleCandidatesLimit = feasibleCandidatesLimit;
        this.random = new SplittableRandom(seed);
    }

    /** Whether the search has seen enough feasible machines to pick one. */
    public boolean enough(int feasibleSoFar) {
        return feasibleSoFar >= feasibleCandidatesLimit;
    }

    /** Where visits start; drawn afresh for every search. */
    public RandomGenerator random() {
        return random;
    }

    /** A random starting point in {@code 0 .. n-1}, for a rotation over a list of n machines. */
    public int start(int n) {
        return n <= 1 ? 0 : random.nextInt(n);
    }
}
