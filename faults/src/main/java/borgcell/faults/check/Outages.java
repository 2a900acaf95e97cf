package borgcell.faults.check;

import java.util.List;
import java.util.Map;

/**
 * When each Borglet was dead, and when the masters could not take writes (a full restart), in
 * epoch microseconds: a stale task may outlive the moment its Borglet could have learnt it is
 * stale (its Borglet running, the masters answering) by a grace period, and no more.
 *
 * @param borglets each machine's Borglet down times (killed, started again)
 * @param masters full restarts of the masters (all killed, a write accepted again)
 */
public record Outages(Map<String, List<Down>> borglets, List<Down> masters) {

    /** From {@code from} until {@code to} (exclusive) the process could not act. */
    public record Down(long from, long to) {}

    public static Outages none() {
        return new Outages(Map.of(), List.of());
    }

    public Outages {
        borglets = Map.copyOf(borglets);
        masters = List.copyOf(masters);
    }

    /**
     * The earliest moment, from {@code since} on, since which the machine's Borglet has been
     * able to act on news without a break up to {@code at}; {@link Long#MAX_VALUE} if it could
     * not act at {@code at} at all.
     */
    long couldActFrom(String machine, long since, long at) {
        long latest = since;
        for (List<Down> downs : List.of(borglets.getOrDefault(machine, List.of()), masters)) {
            for (Down d : downs) {
                if (d.from() <= at && at < d.to()) {
                    return Long.MAX_VALUE;
                }
                if (d.to() <= at) {
                    latest = Math.max(latest, d.to());
                }
            }
        }
        return latest;
    }
}
