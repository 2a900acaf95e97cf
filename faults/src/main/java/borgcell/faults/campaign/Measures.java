package borgcell.faults.campaign;

import borgcell.faults.check.Outages;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the injector measured while it hurt the cell. Written by the injector thread (stalls also by the threads that restart processes). */
final class Measures {
    final List<Long> failoverMillis = new ArrayList<>();
    /** Leader killed to a survivor naming the new leader: the election part of each failover. */
    final List<Long> electionMillis = java.util.Collections.synchronizedList(new ArrayList<>());
    final List<Long> rescheduleMillis = new ArrayList<>();
    final List<Long> fullRestartMillis = new ArrayList<>();
    final List<Long> wipeCatchUpMillis = new ArrayList<>();
    final Map<String, Integer> faults = new TreeMap<>();
    /** When each Borglet was dead: killed, started again (epoch micros). */
    final Map<String, List<Outages.Down>> borgletDowns = new LinkedHashMap<>();
    /** Full restarts of the masters: all killed, a write accepted again (epoch micros). */
    final List<Outages.Down> mastersDown = new ArrayList<>();
    /** Things that did not happen in time: liveness, reported but not safety violations. */
    final List<String> stalls = java.util.Collections.synchronizedList(new ArrayList<>());
    int leaderKills;
    /** Wiped replicas that caught up because the leader installed its snapshot (the log below it was purged). */
    int wipesCaughtUpBySnapshot;

    void fault(String kind) {
        faults.merge(kind, 1, Integer::sum);
    }
}
