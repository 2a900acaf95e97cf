package borgcell.master.api;

import borgcell.api.v1.Job;
import borgcell.api.v1.JobState;
import borgcell.master.raft.CellStateMachine;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.Optional;

/**
 * Serves WatchJob streams from the replica's applied state: each watched job is sent again
 * whenever its version moved, until it finishes or the client goes ({@link Watches}).
 */
public final class JobWatcher implements AutoCloseable {
    private final CellStateMachine state;
    private final Watches watches = new Watches("job-watcher");

    public JobWatcher(CellStateMachine state) {
        this.state = state;
    }

    void follow(String job, long version, ServerCallStreamObserver<Job> out) {
        long[] lastVersion = {version};
        watches.add(out, () -> {
            Optional<Job> now = state.read(c -> c.job(job));
            if (now.isEmpty()) {
                return false; // not applied here yet
            }
            Job j = now.get();
            if (j.getVersion() != lastVersion[0]) {
                lastVersion[0] = j.getVersion();
                out.onNext(j);
            }
            return j.getState() != JobState.JOB_RUNNING;
        });
    }

    @Override
    public void close() {
        watches.close();
    }
}
