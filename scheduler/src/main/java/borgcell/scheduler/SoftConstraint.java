package borgcell.scheduler;

import java.util.Objects;

/**
 * A preference, not a requirement: machines meeting {@code constraint} score higher, by
 * {@code weight} relative to the task's other soft constraints. A machine that meets none
 * is still feasible.
 */
public record SoftConstraint(Constraint constraint, double weight) {

    public SoftConstraint {
        Objects.requireNonNull(constraint, "constraint");
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("soft constraint " + constraint.describe()
                    + " needs a positive finite weight, not " + weight);
        }
    }
}
