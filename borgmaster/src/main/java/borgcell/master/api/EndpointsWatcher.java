package borgcell.master.api;

import borgcell.api.v1.Endpoints;
import borgcell.api.v1.Job;
import borgcell.api.v1.JobState;
import borgcell.cell.JobEndpoints;
import borgcell.master.raft.CellStateMachine;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Serves GetEndpoints and WatchEndpoints from the replica's applied state: a job's ready tasks
 * ({@link JobEndpoints}), and for a watch the same again each time they change, as a client
 * that balances load over them wants. One timer looks every 100 ms, reading only the watched
 * jobs; a watch ends, after its last (empty) answer, once its job is finished or killed.
 */
public final class EndpointsWatcher implements AutoCloseable {
    private record Watch(String job, ServerCallStreamObserver<Endpoints> out, Endpoints[] last) {}

    private final CellStateMachine state;
    private final String cell;
    private final Map<Object, Watch> watches = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "endpoints-watcher");
        t.setDaemon(true);
        return t;
    });

    public EndpointsWatcher(CellStateMachine state, String cell) {
        this.state = state;
        this.cell = cell;
        timer.scheduleWithFixedDelay(this::sweep, 100, 100, TimeUnit.MILLISECONDS);
    }

    /** The job's endpoints in this replica's state, and whether it still runs; empty when it has no such job. */
    private Optional<Current> now(String job) {
        return state.read(c -> c.job(job).map(j -> new Current(JobEndpoints.of(c, j, cell), j.getState() == JobState.JOB_RUNNING)));
    }

    private record Current(Endpoints endpoints, boolean running) {}

    /** Answers the job's endpoints now (the caller has read the job, so this replica has it). */
    void answer(Job job, io.grpc.stub.StreamObserver<Endpoints> out) {
        out.onNext(now(job.getSpec().getName()).map(Current::endpoints).orElseGet(() -> Endpoints.newBuilder()
                .setJob(job.getSpec().getName()).setUser(job.getSpec().getUser()).setCell(cell).build()));
        out.onCompleted();
    }

    /** Sends the job's endpoints now, then each time they change, until the job ends or the client goes. */
    void follow(Job job, ServerCallStreamObserver<Endpoints> out) {
        // No cancel handler: gRPC takes one only before the method returns, and the job is read
        // after; a client gone is noticed by isCancelled on the next look.
        Object key = new Object();
        Watch watch = new Watch(job.getSpec().getName(), out, new Endpoints[1]);
        watches.put(key, watch);
        timer.execute(() -> look(key, watch)); // the first answer at once, in the timer's order
    }

    private void sweep() {
        watches.forEach(this::look);
    }

    private void look(Object key, Watch w) {
        try {
            if (w.out().isCancelled()) {
                watches.remove(key);
                return;
            }
            Optional<Current> now = now(w.job());
            if (now.isEmpty()) {
                return; // not applied here yet
            }
            if (!now.get().endpoints().equals(w.last()[0])) {
                w.last()[0] = now.get().endpoints();
                w.out().onNext(now.get().endpoints());
            }
            if (!now.get().running() && watches.remove(key) != null) {
                w.out().onCompleted();
            }
        } catch (RuntimeException e) {
            watches.remove(key);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        for (Watch w : watches.values()) {
            try {
                w.out().onCompleted();
            } catch (RuntimeException ignored) {
                // client already gone
            }
        }
        watches.clear();
    }
}
