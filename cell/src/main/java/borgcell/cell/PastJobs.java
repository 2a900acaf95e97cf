package borgcell.cell;

import borgcell.api.v1.Job;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finished jobs whose name was used again: a new submission of a finished job's name starts a
 * new incarnation, and the old one is kept here (its spec, versions and how its tasks ended)
 * rather than deleted, the newest {@link #KEPT} of each name.
 */
final class PastJobs {
    static final int KEPT = 5;

    private final TreeMap<String, Deque<Job>> byName = new TreeMap<>();

    void add(Job finished) {
        Deque<Job> past = byName.computeIfAbsent(finished.getSpec().getName(), n -> new ArrayDeque<>());
        past.addLast(finished);
        while (past.size() > KEPT) {
            past.removeFirst();
        }
    }

    /** The earlier incarnations of a name, oldest first. */
    List<Job> of(String name) {
        return List.copyOf(byName.getOrDefault(name, new ArrayDeque<>()));
    }

    /** Every past incarnation, by name, then oldest first: the snapshot's order. */
    List<Job> all() {
        List<Job> out = new ArrayList<>();
        for (Map.Entry<String, Deque<Job>> e : byName.entrySet()) {
            out.addAll(e.getValue());
        }
        return out;
    }
}
