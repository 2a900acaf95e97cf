package borgcell.faults.campaign;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The campaign's figures, printed as one JSON line last so a script can read them. Times are
 * milliseconds; -1 means the campaign had no such event. {@code electionMsP99} is the election
 * part of a failover (the leader killed to a survivor naming the new leader); the rest of a
 * failover is the client path to the new leader.
 */
public record Figures(int operations, int acknowledged, int lost, int duplicated, int violations, int leaderKills,
                      long failoverMsP50, long failoverMsP99, long failoverMsMax, long electionMsP99, long rescheduleMsP99,
                      long fullRestartMs, long seed, double minutes, int cores, int unknownOutcomes,
                      int jobsCheckedLinearizable, int jobsGivenUp, int beats, long staleOverlapMsMax,
                      long wipeCatchUpMsMax, int wipesBySnapshot, int stalls, Map<String, Integer> faults) {

    public Figures {
        faults = Map.copyOf(faults);
    }

    /** Safety held: nothing acknowledged lost or made twice, and no checker found anything. */
    public boolean safe() {
        return lost == 0 && duplicated == 0 && violations == 0;
    }

    public String json() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("operations", operations);
        f.put("acknowledged", acknowledged);
        f.put("lost", lost);
        f.put("duplicated", duplicated);
        f.put("violations", violations);
        f.put("leader_kills", leaderKills);
        f.put("failover_ms_p50", failoverMsP50);
        f.put("failover_ms_p99", failoverMsP99);
        f.put("failover_ms_max", failoverMsMax);
        f.put("election_ms_p99", electionMsP99);
        f.put("reschedule_ms_p99", rescheduleMsP99);
        f.put("full_restart_ms", fullRestartMs);
        f.put("seed", seed);
        f.put("minutes", minutes);
        f.put("cores", cores);
        f.put("unknown_outcomes", unknownOutcomes);
        f.put("linearizability_jobs", jobsCheckedLinearizable);
        f.put("linearizability_gave_up", jobsGivenUp);
        f.put("task_beats", beats);
        f.put("stale_overlap_ms_max", staleOverlapMsMax);
        f.put("wipe_catch_up_ms_max", wipeCatchUpMsMax);
        f.put("wipes_by_snapshot", wipesBySnapshot);
        f.put("stalls", stalls);
        String body = f.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                .collect(Collectors.joining(","));
        String faultCounts = new java.util.TreeMap<>(faults).entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\":" + e.getValue()).collect(Collectors.joining(","));
        return "{" + body + ",\"faults\":{" + faultCounts + "}}";
    }
}
