package borgcell.faults.check;

import borgcell.faults.history.Operation;
import borgcell.faults.history.Outcome;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Is there an order of the operations, each taking effect at one instant between its invoke
 * and its completion, that the {@link Model} accepts? The Wing and Gong search with Lowe's
 * memo of (operations linearized, state) pairs, as Porcupine does it, over the powerset of the
 * model's states so that nondeterministic steps need no backtracking of their own.
 *
 * <p>An operation with an {@link Outcome.Unknown} outcome never completes: it may take effect at
 * any moment after its invoke, or never (the model's step must allow both).
 */
public final class Linearizability {

    public enum Result { LINEARIZABLE, ILLEGAL, GAVE_UP }

    private Linearizability() {}

    private static final class Entry {
        final int op;
        final boolean call;
        final long time;
        Entry prev;
        Entry next;
        Entry match;

        Entry(int op, boolean call, long time) {
            this.op = op;
            this.call = call;
            this.time = time;
        }
    }

    private record Frame<S>(Entry entry, Set<S> state) {}

    private record Seen<S>(BitSet linearized, Set<S> state) {}

    /**
     * @param stepBudget how many search steps before giving up (a history of thousands of
     *     concurrent operations could otherwise take exponential time)
     */
    public static <S> Result check(Model<S> model, List<Operation> operations, long stepBudget) {
        Entry head = list(operations);
        Set<S> state = Set.of(model.initial());
        BitSet linearized = new BitSet(operations.size());
        Set<Seen<S>> cache = new HashSet<>();
        Deque<Frame<S>> stack = new ArrayDeque<>();
        Entry entry = head.next;
        long steps = 0;
        while (head.next != null) {
            if (++steps > stepBudget) {
                return Result.GAVE_UP;
            }
            if (entry.call) {
                Set<S> next = stepAll(model, state, operations.get(entry.op));
                if (!next.isEmpty()) {
                    BitSet after = (BitSet) linearized.clone();
                    after.set(entry.op);
                    if (cache.add(new Seen<>(after, next))) {
                        stack.push(new Frame<>(entry, state));
                        state = next;
                        linearized = after;
                        lift(entry);
                        entry = head.next;
                        continue;
                    }
                }
                entry = entry.next;
            } else {
                // A completion reached with its call not yet linearized: undo the latest choice.
                if (stack.isEmpty()) {
                    return Result.ILLEGAL;
                }
                Frame<S> frame = stack.pop();
                state = frame.state();
                linearized = (BitSet) linearized.clone();
                linearized.clear(frame.entry().op);
                unlift(frame.entry());
                entry = frame.entry().next;
            }
        }
        return Result.LINEARIZABLE;
    }

    private static <S> Set<S> stepAll(Model<S> model, Set<S> states, Operation operation) {
        Set<S> next = new LinkedHashSet<>();
        for (S s : states) {
            next.addAll(model.step(s, operation));
        }
        return Set.copyOf(next);
    }

    /** Calls and completions in time order; at equal times calls first, so touching operations count as concurrent. */
    private static Entry list(List<Operation> operations) {
        List<Entry> entries = new ArrayList<>(2 * operations.size());
        for (int i = 0; i < operations.size(); i++) {
            Operation op = operations.get(i);
            Entry call = new Entry(i, true, op.invokeNanos());
            long end = op.outcome() instanceof Outcome.Unknown ? Long.MAX_VALUE : op.completeNanos();
            Entry ret = new Entry(i, false, end);
            call.match = ret;
            entries.add(call);
            entries.add(ret);
        }
        entries.sort(Comparator.comparingLong((Entry e) -> e.time).thenComparing(e -> !e.call).thenComparingInt(e -> e.op));
        Entry head = new Entry(-1, false, Long.MIN_VALUE);
        Entry last = head;
        for (Entry e : entries) {
            last.next = e;
            e.prev = last;
            last = e;
        }
        return head;
    }

    private static void lift(Entry call) {
        call.prev.next = call.next;
        call.next.prev = call.prev;
        Entry ret = call.match;
        ret.prev.next = ret.next;
        if (ret.next != null) {
            ret.next.prev = ret.prev;
        }
    }

    private static void unlift(Entry call) {
        Entry ret = call.match;
        ret.prev.next = ret;
        if (ret.next != null) {
            ret.next.prev = ret;
        }
        call.prev.next = call;
        call.next.prev = call;
    }
}
