package borgcell.faults.campaign;

import borgcell.faults.history.History;
import borgcell.faults.history.Operation;
import borgcell.faults.history.Outcome;
import java.time.Duration;
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

    /** @return when (System.nanoTime) the first write invoked from now on was acknowledged, if within the patience */
    OptionalLong firstAcceptedWrite() {
        long giveUp = System.nanoTime() + PATIENCE.toNanos();
        for (int tries = 0; tries < 100 && System.nanoTime() < giveUp; tries++) {
            probes++;
            String name = "probe-" + probes;
            Operation op = client.submit(name, "s" + seed + "-" + name, tasks.job(name, 1, 1),
                    CampaignClient.Breakage.NONE, 0);
            if (op.outcome() instanceof Outcome.Answered) {
                return OptionalLong.of(op.completeNanos());
            }
        }
        return OptionalLong.empty();
    }

    @Override
    public void close() {
        client.close();
    }
}
