package borgcell.faults.check;

import java.util.List;

/**
 * One thing a checker found wrong, in words and with the operations or records that show it.
 *
 * @param kind {@code lost}, {@code duplicated}, {@code linearizability}, {@code diverged},
 *     {@code killed-came-back}, {@code two-machines}, {@code stale-task}, {@code phantom}
 */
public record Finding(String kind, String what, List<String> evidence) {

    public Finding {
        evidence = List.copyOf(evidence);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(kind + ": " + what);
        evidence.stream().limit(12).forEach(e -> s.append("\n      ").append(e));
        if (evidence.size() > 12) {
            s.append("\n      ... ").append(evidence.size() - 12).append(" more");
        }
        return s.toString();
    }
}
