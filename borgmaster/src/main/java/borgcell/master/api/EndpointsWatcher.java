package borgcell.master.api;

import borgcell.api.v1.Endpoints;
import borgcell.api.v1.Job;
import borgcell.api.v1.JobState;
import borgcell.cell.JobEndpoints;
import borgcell.master.raft.CellStateMachine;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Optional;

/**
 * Serves GetEndpoints and WatchEndpoints from the replica's applied state: a job's ready tasks
 * ({@link JobEndpoints}), and for a watch the same again each time they change, as a client
 * that balances load over them wants, reading only the watched jobs; a watch ends, after its
 * last (empty) answer, once its job is finished or killed ({@link Watches}).
 */
public final class EndpointsWatcher implements AutoCloseable {
    private record Current(Endpoints endpoints, boolean running) {}

    private final CellStateMachine state;
    private final String cell;
    private final Watches watches = new Watches("endpoints-watcher");

    public EndpointsWatcher(CellStateMachine state, String cell) {
        this.state = state;
        this.cell = cell;
    }

    /** The job's endpoints in this replica's state, and whether it still runs; empty when it has no such job. */
    private Optional<Current> now(String job) {
        return state.read(c -> c.job(job).map(j -> new Current(JobEndpoints.of(c, j, cell), j.getState() == JobState.JOB_RUNNING)));
    }

    /** Answers the job's endpoints now (the caller has read the job, so this replica has it). */
    void answer(Job job, StreamObserver<Endpoints> out) {
        out.onNext(now(job.getSpec().getName()).map(Current::endpoints).orElseGet(() -> Endpoints.newBuilder()
                .setJob(job.getSpec().getName()).setUser(job.getSpec().getUser()).setCell(cell).build()));
        out.onCompleted();
    }

    /** Sends the job's endpoints now, then each time they change, until the job ends or the client goes. */
    void follow(Job job, ServerCallStreamObserver<Endpoints> out) {
        Endpoints[] last = new Endpoints[1];
        watches.add(out, () -> {
            Optional<Current> now = now(job.getSpec().getName());
            if (now.isEmpty()) {
                return false; // not applied here yet
            }
            if (!now.get().endpoints().equals(last[0])) {
                last[0] = now.get().endpoints();
                out.onNext(last[0]);
            }
            return !now.get().running();
        });
    }

    @Override
    public void close() {
        watches.close();
    }
}
