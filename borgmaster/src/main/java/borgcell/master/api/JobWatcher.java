package borgcell.master.api;

import borgcell.api.v1.Job;
import borgcell.api.v1.JobState;
import borgcell.master.raft.CellStateMachine;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Serves WatchJob streams: one timer looks at the replica's applied state every 100 ms and
 * sends each watched job again whenever its version moved, until it finishes or the client goes.
 */
public final class JobWatcher implements AutoCloseable {
    private record Watch(String job, ServerCallStreamObserver<Job> out, long[] lastVersion) {}

    private final CellStateMachine state;
    private final Map<Object, Watch> watches = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "job-watcher");
        t.setDaemon(true);
        return t;
    });

    public JobWatcher(CellStateMachine state) {
        this.state = state;
        timer.scheduleWithFixedDelay(this::sweep, 100, 100, TimeUnit.MILLISECONDS);
    }

    void follow(String job, long version, ServerCallStreamObserver<Job> out) {
        Object key = new Object();
        watches.put(key, new Watch(job, out, new long[] {version}));
        out.setOnCancelHandler(() -> watches.remove(key));
    }

    private void sweep() {
        for (var e : watches.entrySet()) {
            Watch w = e.getValue();
            try {
                if (w.out().isCancelled()) {
                    watches.remove(e.getKey());
                    continue;
                }
                Optional<Job> job = state.read(c -> c.job(w.job()));
                if (job.isEmpty()) {
                    continue; // not applied here yet
                }
                Job j = job.get();
                if (j.getVersion() != w.lastVersion()[0]) {
                    w.lastVersion()[0] = j.getVersion();
                    w.out().onNext(j);
                }
                if (j.getState() != JobState.JOB_RUNNING) {
                    watches.remove(e.getKey());
                    w.out().onCompleted();
                }
            } catch (RuntimeException ex) {
                watches.remove(e.getKey());
            }
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
