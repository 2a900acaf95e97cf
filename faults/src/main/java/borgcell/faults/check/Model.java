package borgcell.faults.check;

import borgcell.faults.history.Operation;
import java.util.Set;

/**
 * A sequential specification for {@link Linearizability}: the states an object may be in after
 * an operation. More than one next state lets a model say "something may have happened that no
 * client did" (a job finishing by itself); none says the operation cannot happen there.
 */
public interface Model<S> {

    S initial();

    Set<S> step(S state, Operation operation);
}
