package borgcell.borglet.runtime.container;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The user ids containers run as, one per owner: every running task of one cell user on this
 * machine has that user's id (as Borg runs a user's tasks as that user), and different owners
 * never share one, so a task cannot signal, trace or read another user's processes or files
 * by being the same user. An id goes back to the range when its owner's last task ends.
 */
final class UidPool {

    private record Held(int uid, int tasks) {}

    private final TaskUids range;
    private final BitSet used; // guarded by this
    private final Map<String, Held> byOwner = new HashMap<>(); // guarded by this

    UidPool(TaskUids range) {
        this.range = range;
        this.used = new BitSet(range.count());
    }

    /** The id of {@code owner}'s tasks: the one it has while any runs, else the lowest free; empty when none is free. */
    synchronized OptionalInt take(String owner) {
        Held held = byOwner.get(owner);
        if (held != null) {
            byOwner.put(owner, new Held(held.uid(), held.tasks() + 1));
            return OptionalInt.of(held.uid());
        }
        int free = used.nextClearBit(0);
        if (free >= range.count()) {
            return OptionalInt.empty();
        }
        used.set(free);
        byOwner.put(owner, new Held(range.first() + free, 1));
        return OptionalInt.of(range.first() + free);
    }

    /** One of {@code owner}'s tasks ended; its id is free once the last one has. */
    synchronized void give(String owner) {
        Held held = byOwner.get(owner);
        if (held == null) {
            return;
        }
        if (held.tasks() > 1) {
            byOwner.put(owner, new Held(held.uid(), held.tasks() - 1));
        } else {
            byOwner.remove(owner);
            used.clear(held.uid() - range.first());
        }
    }
}
