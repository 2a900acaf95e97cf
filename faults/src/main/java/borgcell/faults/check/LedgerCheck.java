package borgcell.faults.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What the tasks themselves wrote, against what the cell decided:
 * <ul>
 *   <li>one attempt beats on one machine only;</li>
 *   <li>a task of a killed job stops beating within a grace period after the kill was
 *       acknowledged (counted from when its Borglet could hear of it);</li>
 *   <li>an attempt stops beating within the grace period after a newer attempt of the same task
 *       started: the cell gave the task to another placement, and a Borglet kills what it no
 *       longer owns (a dead Borglet's orphans on its restart).</li>
 * </ul>
 * Two attempts overlapping while the old one's Borglet is dead is expected, and only measured.
 */
public final class LedgerCheck {

    /** @param overlapMillisMax longest time two attempts of one task both beat (a dead Borglet's orphans) */
    public record Result(List<Finding> findings, long overlapMillisMax, int beats) {}

    private LedgerCheck() {}

    /**
     * @param killedAt epoch micros at which each killed job's kill was acknowledged
     * @param graceMicros how long a Borglet may take to stop a task once it could know
     */
    public static Result check(List<Beat> beats, Map<String, Long> killedAt, Outages outages, long graceMicros) {
        List<Finding> findings = new ArrayList<>();
        Map<String, List<Beat>> byAttempt = beats.stream().collect(Collectors.groupingBy(
                b -> b.task() + " attempt " + b.attempt(), TreeMap::new, Collectors.toList()));
        byAttempt.forEach((attempt, list) -> {
            Set<String> machines = list.stream().map(Beat::machine).collect(Collectors.toCollection(TreeSet::new));
            if (machines.size() > 1) {
                findings.add(new Finding("two-machines", "task " + attempt + " ran on " + machines,
                        list.stream().limit(6).map(Beat::toString).toList()));
            }
        });
        for (Beat b : beats) {
            Long killed = killedAt.get(b.job());
            if (killed != null && late(b, outages.couldActFrom(b.machine(), killed, b.epochMicros()), graceMicros)) {
                findings.add(new Finding("killed-came-back", "task " + b.task() + " of killed job " + b.job()
                        + " still ran " + (b.epochMicros() - killed) / 1000 + " ms after the kill was acknowledged",
                        List.of(b.toString())));
            }
        }
        long overlapMax = 0;
        Map<String, List<Beat>> byTask = beats.stream().collect(Collectors.groupingBy(Beat::task, TreeMap::new, Collectors.toList()));
        for (List<Beat> task : byTask.values()) {
            Map<Integer, Long> firstBeat = new TreeMap<>();
            Map<Integer, Long> lastBeat = new TreeMap<>();
            for (Beat b : task) {
                firstBeat.merge(b.attempt(), b.epochMicros(), Math::min);
                lastBeat.merge(b.attempt(), b.epochMicros(), Math::max);
            }
            for (Beat b : task) {
                // The first beat of any newer attempt: from then on this one is stale.
                Long superseded = firstBeat.entrySet().stream().filter(e -> e.getKey() > b.attempt())
                        .map(Map.Entry::getValue).min(Comparator.naturalOrder()).orElse(null);
                if (superseded == null || b.epochMicros() <= superseded) {
                    continue;
                }
                overlapMax = Math.max(overlapMax, (b.epochMicros() - superseded) / 1000);
                if (late(b, outages.couldActFrom(b.machine(), superseded, b.epochMicros()), graceMicros)) {
                    findings.add(new Finding("stale-task", "task " + b.task() + " attempt " + b.attempt() + " still ran on "
                            + b.machine() + " " + (b.epochMicros() - superseded) / 1000
                            + " ms after a newer attempt started", List.of(b.toString())));
                }
            }
        }
        return new Result(dedupe(findings), overlapMax, beats.size());
    }

    private static boolean late(Beat b, long couldActFrom, long graceMicros) {
        return couldActFrom != Long.MAX_VALUE && b.epochMicros() > couldActFrom + graceMicros;
    }

    /** One finding per task and kind: a stale task beats every second, and one line says it. */
    private static List<Finding> dedupe(List<Finding> findings) {
        Map<String, Finding> first = new TreeMap<>();
        for (Finding f : findings) {
            first.putIfAbsent(f.kind() + " " + f.what().replaceAll(" \\d+ ms", ""), f);
        }
        return List.copyOf(first.values());
    }
}
