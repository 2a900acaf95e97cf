package borgcell.borglet.runtime.container;

import java.util.BitSet;
import java.util.OptionalInt;

/**
 * The unprivileged user ids tasks run as, one per running container, from a range of ids no
 * account on the host uses: a task cannot signal, trace or read another task's processes or
 * files by being the same user, and never runs as root.
 */
final class UidPool {
    /** Above the ids of Debian's accounts and below the ranges container engines give out. */
    static final int DEFAULT_FIRST = 200_000;
    static final int DEFAULT_SIZE = 10_000;

    private final int first;
    private final int size;
    private final BitSet used; // guarded by this

    UidPool(int first, int size) {
        if (first < 1_000 || size < 1 || (long) first + size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("task uids must be an unprivileged range: first " + first + ", size " + size);
        }
        this.first = first;
        this.used = new BitSet(size);
        this.size = size;
    }

    /** The lowest free id, taken; empty when all are in use. */
    synchronized OptionalInt take() {
        int free = used.nextClearBit(0);
        if (free >= size) {
            return OptionalInt.empty();
        }
        used.set(free);
        return OptionalInt.of(first + free);
    }

    synchronized void give(int uid) {
        if (uid >= first && uid < first + size) {
            used.clear(uid - first);
        }
    }
}
