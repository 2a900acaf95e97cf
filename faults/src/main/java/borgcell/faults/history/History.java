package borgcell.faults.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Every operation of a campaign, recorded by concurrent clients; read once they have stopped. */
public final class History {
    private final List<Operation> operations = new ArrayList<>();
    private final AtomicLong ids = new AtomicLong();

    public long nextId() {
        return ids.incrementAndGet();
    }

    public synchronized void add(Operation operation) {
        operations.add(operation);
    }

    /** The operations in the order they were invoked. */
    public synchronized List<Operation> operations() {
        List<Operation> copy = new ArrayList<>(operations);
        copy.sort(Comparator.comparingLong(Operation::invokeNanos).thenComparingLong(Operation::id));
        return copy;
    }

    public static History of(List<Operation> operations) {
        History history = new History();
        operations.forEach(history::add);
        return history;
    }
}
