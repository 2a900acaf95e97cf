package borgcell.faults.check;

import borgcell.api.v1.raft.CellSnapshot;
import borgcell.api.v1.raft.RequestRecord;
import borgcell.faults.history.JobView;
import java.util.Map;
import java.util.TreeMap;

/**
 * One replica's whole state at one Raft index, as its snapshot holds it.
 *
 * @param requests SubmitJob request ids the replica remembers, and the job each created
 */
public record ReplicaState(String replica, long index, Map<String, JobView> jobs, Map<String, String> requests) {

    public ReplicaState {
        jobs = Map.copyOf(jobs);
        requests = Map.copyOf(requests);
    }

    public static ReplicaState of(String replica, CellSnapshot snapshot) {
        Map<String, JobView> jobs = new TreeMap<>();
        snapshot.getJobsList().forEach(j -> jobs.put(j.getSpec().getName(), JobView.of(j)));
        Map<String, String> requests = new TreeMap<>();
        for (RequestRecord r : snapshot.getRequestsList()) {
            requests.put(r.getRequestId(), r.getJob());
        }
        return new ReplicaState(replica, snapshot.getLastAppliedIndex(), jobs, requests);
    }
}
