package borgcell.faults.campaign;

import borgcell.faults.history.History;
import borgcell.faults.history.Operation;
import borgcell.faults.history.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Times how long the cell takes to accept writes again: submits small jobs (recorded in the
 * history like any client's, so they are checked too), each retried with its request id on the
 * next replica, and answers when the first one is acknowledged.
 */
final class FailoverProbe implements AutoCloseable {
    /** How long to keep trying before calling the cell unavailable. */
    static final Duration PATIENCE = Duration.ofSeconds(120);

    private final CampaignClient client;
    private final TaskScript tasks;
    private final long seed;
    private int probes;

    FailoverProbe(History history, List<CellControl.ReplicaEndpoint> replicas, TaskScript tasks, long seed) {
        // A generous attempt deadline: a replica forwarding to a leader being elected answers when it can.
        this.client = new CampaignClient("probe", history, replicas, Duration.ofSeconds(5), Duration.ofSeconds(30), 0,
                view -> { });
        this.tasks = tasks;
        this.seed = seed;
    }

    /**
     * What the probe saw: when (System.nanoTime) the first write was acknowledged, if within
     * the patience, and every attempt that failed before it (replica, status, when).
     */
    record Result(OptionalLong acceptedNanos, List<String> failedAttempts) {}

    Result firstAcceptedWrite() {
        long giveUp = System.nanoTime() + PATIENCE.toNanos();
        List<String> failed = new ArrayList<>();
        for (int tries = 0; tries < 100 && System.nanoTime() < giveUp; tries++) {
            probes++;
            String name = "probe-" + probes;
            Operation op = client.submit(name, "s" + seed + "-" + name, tasks.job(name, 1, 1),
                    CampaignClient.Breakage.NONE, 0);
            failed.addAll(op.attemptErrors());
            if (op.outcome() instanceof Outcome.Answered) {
                return new Result(OptionalLong.of(op.completeNanos()), failed);
            }
        }
        return new Result(OptionalLong.empty(), failed);
    }

    @Override
    public void close() {
        client.close();
    }
}
