package borgcell.borglet.hollow;

import borgcell.api.v1.HeartbeatRequest;
import borgcell.api.v1.HeartbeatResponse;
import borgcell.api.v1.RegisterRequest;
import borgcell.api.v1.RegisterResponse;
import borgcell.api.v1.TaskAssignment;
import borgcell.api.v1.TaskReport;
import borgcell.api.v1.TaskState;
import borgcell.borglet.DesiredSet;
import borgcell.borglet.MasterLink;
import borgcell.borglet.task.TaskKey;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One hollow machine: registers, then heartbeats at the cell's interval over the real
 * MachineLink, naming the version of its {@link DesiredSet} and reporting every task of it
 * RUNNING and ready (a hollow task has no check to fail). Nothing runs; no thread of its own: each step is a callback of its last call or a
 * timer of its fleet, and one heartbeat at a time is in flight, as on a real Borglet.
 */
final class HollowMachine {
    /** Retry a refused or failed heartbeat at most this many times before waiting an interval. */
    private static final int MAX_TRIES = 6;
    private static final long RETRY_PAUSE_MILLIS = 100;
    private static final long REGISTER_RETRY_MILLIS = 500;

    private final String id;
    private final HollowFleet fleet;
    private final DesiredSet desired = new DesiredSet(); // guarded by this
    private List<TaskReport> reports = List.of();        // guarded by this
    private volatile int held;
    private volatile boolean registered;
    private volatile boolean everRegistered;
    private volatile long intervalMillis;
    private volatile long lastSentNanos;
    private volatile long maxGapNanos;

    HollowMachine(String id, HollowFleet fleet, long intervalMillis) {
        this.id = id;
        this.fleet = fleet;
        this.intervalMillis = intervalMillis;
    }

    String id() {
        return id;
    }

    boolean isRegistered() {
        return registered;
    }

    int held() {
        return held;
    }

    synchronized Set<TaskKey> desiredKeys() {
        return desired.tasks().stream().map(TaskKey::of).collect(Collectors.toUnmodifiableSet());
    }

    /** The longest pause between two heartbeats sent (retries count), counting the one still to come. */
    long maxGapNanos(long nowNanos) {
        long sinceLast = lastSentNanos == 0 ? 0 : nowNanos - lastSentNanos;
        return Math.max(maxGapNanos, sinceLast);
    }

    /** Registers through the preferred master, retrying until one takes it; then heartbeats. */
    void register(Runnable onRegistered) {
        if (fleet.isClosed()) {
            return;
        }
        // Any replica takes a registration (each forwards it through its own Raft client), so
        // registrations are spread over them all: each client lets only so many writes wait.
        String target = fleet.anyMaster();
        RegisterRequest request = fleet.registration(id);
        contacted(System.nanoTime());
        fleet.stub(target, fleet.registerDeadlineMillis()).register(request, new StreamObserver<>() {
            @Override
            public void onNext(RegisterResponse response) {
                if (response.getHeartbeatIntervalMillis() > 0) {
                    intervalMillis = response.getHeartbeatIntervalMillis();
                }
            }

            @Override
            public void onError(Throwable t) {
                fleet.failedAt(target);
                fleet.later(REGISTER_RETRY_MILLIS, () -> register(onRegistered));
            }

            @Override
            public void onCompleted() {
                synchronized (HollowMachine.this) {
                    desired.askForAll();
                }
                boolean first = !everRegistered;
                everRegistered = true;
                registered = true;
                fleet.registered(first);
                onRegistered.run();
                beat(); // report at once: the cell may have tasks for us already
            }
        });
    }

    /**
     * A call to the cell went out. Every attempt counts, retries and registrations included: a
     * machine whose calls the cell is too slow to answer still kept calling; one that waits long
     * for a registration's answer did not heartbeat meanwhile.
     */
    private void contacted(long nowNanos) {
        if (lastSentNanos != 0) {
            maxGapNanos = Math.max(maxGapNanos, nowNanos - lastSentNanos);
        }
        lastSentNanos = nowNanos;
    }

    /** One heartbeat; the next is scheduled an interval after it is answered (or given up). */
    void beat() {
        if (fleet.isClosed() || !registered) {
            return;
        }
        attempt(1);
    }

    private void attempt(int tries) {
        HeartbeatRequest request;
        synchronized (this) {
            request = HeartbeatRequest.newBuilder().setMachineId(id).setDesiredVersion(desired.version())
                    .addAllTasks(reports).build();
        }
        String target = fleet.target();
        long sent = System.nanoTime();
        contacted(sent);
        fleet.stub(target, deadlineMillis()).heartbeat(request, new StreamObserver<>() {
            private HeartbeatResponse answer;

            @Override
            public void onNext(HeartbeatResponse response) {
                answer = response;
            }

            @Override
            public void onError(Throwable t) {
                fleet.stats().failed.increment();
                Status status = Status.fromThrowable(t);
                if (status.getCode() == Status.Code.NOT_FOUND) {
                    registered = false; // the cell lost us: register anew, and be told everything again
                    register(() -> { });
                    return;
                }
                if (tries >= MAX_TRIES) {
                    next();
                    return;
                }
                String leader = t instanceof StatusRuntimeException e ? MasterLink.leaderHint(e) : null;
                if (leader != null && !leader.equals(target)) {
                    fleet.stats().refusedNotLeader.increment();
                    fleet.follow(leader);
                    attempt(tries + 1);
                } else {
                    fleet.failedAt(target);
                    fleet.later(RETRY_PAUSE_MILLIS, () -> attempt(tries + 1));
                }
            }

            @Override
            public void onCompleted() {
                fleet.stats().roundTrips.record(sent, System.nanoTime() - sent);
                fleet.stats().answered.increment();
                if (answer != null) {
                    take(answer);
                }
                next();
            }
        });
    }

    private void take(HeartbeatResponse answer) {
        DesiredSet.Answer kind;
        synchronized (this) {
            kind = desired.apply(answer);
            if (kind != DesiredSet.Answer.UNCHANGED) {
                reports = runningReports(desired.tasks());
                held = desired.size();
            }
        }
        HollowStats stats = fleet.stats();
        (switch (kind) {
            case FULL -> stats.full;
            case CHANGES -> stats.changes;
            case UNCHANGED -> stats.unchanged;
            case MISFIT -> stats.misfits;
        }).increment();
        if (answer.getHeartbeatIntervalMillis() > 0) {
            intervalMillis = answer.getHeartbeatIntervalMillis();
        }
    }

    private void next() {
        fleet.later(intervalMillis, this::beat);
    }

    /** Twice the interval, at least a second: what a real Borglet waits for an answer. */
    private long deadlineMillis() {
        return Math.max(1000, 2 * intervalMillis);
    }

    /** Kubemark's hollow node: every task the cell wants here is reported running, as soon as it is wanted. */
    private static List<TaskReport> runningReports(List<TaskAssignment> tasks) {
        List<TaskReport> out = new ArrayList<>(tasks.size());
        for (TaskAssignment t : tasks) {
            out.add(TaskReport.newBuilder().setJob(t.getJob()).setIndex(t.getIndex()).setAttempt(t.getAttempt())
                    .setState(TaskState.RUNNING).setReady(true).build()); // nothing to probe: ready as it runs
        }
        return out;
    }
}
