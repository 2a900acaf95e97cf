package borgcell.cli.bench.write;

import borgcell.api.v1.CellInfo;
import borgcell.api.v1.CellServiceGrpc;
import borgcell.api.v1.GetCellRequest;
import borgcell.api.v1.JobServiceGrpc;
import borgcell.api.v1.SubmitJobRequest;
import borgcell.api.v1.SubmitJobResponse;
import borgcell.cli.CliException;
import borgcell.cli.ExitCodes;
import borgcell.cli.local.CellLayout;
import borgcell.cli.local.LocalCell;
import borgcell.master.raft.PeerAddress;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The cell's side: five BorgMaster replicas, each its own process started from the borg jar as
 * {@code borg up} starts them (no Borglets: the jobs stay pending, which costs the write path
 * nothing), and SubmitJob sent to a follower, which forwards it through Raft to the leader and
 * answers once the leader has applied it.
 */
final class CellSide implements WriteSide {
    static final int REPLICAS = CellLayout.REPLICAS;
    private static final Duration WRITE_DEADLINE = Duration.ofSeconds(30);
    private static final Duration CALL_DEADLINE = Duration.ofSeconds(5);
    private static final Duration POLL = Duration.ofMillis(200);

    private final LocalCell cell;
    private final PeerAddress follower;
    private final ManagedChannel channel;
    private final JobServiceGrpc.JobServiceBlockingStub jobs;
    private final CellServiceGrpc.CellServiceBlockingStub cells;
    private final BenchJobSpec spec;

    private CellSide(LocalCell cell, PeerAddress follower, ManagedChannel channel, BenchJobSpec spec) {
        this.cell = cell;
        this.follower = follower;
        this.channel = channel;
        this.jobs = JobServiceGrpc.newBlockingStub(channel);
        this.cells = CellServiceGrpc.newBlockingStub(channel);
        this.spec = spec;
    }

    /**
     * Starts the replicas in {@code dir} and waits until the leader says it leads and a follower
     * names it: that follower is the one written through.
     */
    static CellSide start(Path dir, BenchJobSpec spec, Duration timeout) throws IOException {
        CellLayout layout = CellLayout.withFreePorts(dir, REPLICAS, 0);
        LocalCell cell = new LocalCell(layout, LocalCell.Launcher.forThisJvm());
        Map<String, ManagedChannel> channels = new LinkedHashMap<>();
        try {
            cell.start();
            for (PeerAddress replica : layout.replicas()) {
                channels.put(replica.id(),
                        Grpc.newChannelBuilder(replica.grpcAddress(), InsecureChannelCredentials.create()).build());
            }
            PeerAddress follower = awaitFollower(cell, channels, timeout);
            ManagedChannel channel = channels.remove(follower.id());
            return new CellSide(cell, follower, channel, spec);
        } catch (RuntimeException | IOException e) {
            cell.close();
            throw e;
        } finally {
            channels.values().forEach(ManagedChannel::shutdownNow); // all but the follower's, once chosen
        }
    }

    /**
     * Asks every replica whom it takes for the leader until the leader itself agrees and another
     * replica names it too. Any replica's first answer is not enough: a new group's first leader
     * may be deposed while the others are still starting (r1 campaigns alone first, and a
     * replica chosen as the follower may be the leader a moment later).
     */
    private static PeerAddress awaitFollower(LocalCell cell, Map<String, ManagedChannel> channels, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer yet";
        while (true) {
            cell.awaitLeader(Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1))); // fails when a replica died
            Map<String, String> leaderSeenBy = new LinkedHashMap<>();
            for (Map.Entry<String, ManagedChannel> replica : channels.entrySet()) {
                try {
                    leaderSeenBy.put(replica.getKey(), CellServiceGrpc.newBlockingStub(replica.getValue())
                            .withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                            .getCell(GetCellRequest.getDefaultInstance()).getLeaderId());
                } catch (StatusRuntimeException e) {
                    last = replica.getKey() + ": " + e.getStatus().getCode() + " " + e.getStatus().getDescription();
                }
            }
            for (Map.Entry<String, String> seen : leaderSeenBy.entrySet()) {
                String leader = seen.getValue();
                if (!leader.isEmpty() && !leader.equals(seen.getKey()) && leader.equals(leaderSeenBy.get(leader))) {
                    return cell.layout().replicas().stream().filter(r -> r.id().equals(seen.getKey())).findFirst()
                            .orElseThrow();
                }
            }
            if (!leaderSeenBy.isEmpty()) {
                last = "leaders as each replica sees them: " + leaderSeenBy;
            }
            if (System.nanoTime() > deadline) {
                throw new CliException(ExitCodes.FAILURE, "no follower named a leader that agreed within " + timeout.toSeconds()
                        + " s (last: " + last + "); logs are in " + cell.layout().log("*").getParent());
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException(ExitCodes.FAILURE, "interrupted while waiting for the cell's leader");
            }
        }
    }

    @Override
    public String name() {
        return "cell";
    }

    @Override
    public String follower() {
        return follower.id() + " (" + follower.grpcAddress() + ")";
    }

    @Override
    public Leadership leadership() {
        CellInfo info = cells.withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                .getCell(GetCellRequest.getDefaultInstance());
        return new Leadership(info.getLeaderId(), info.getTerm());
    }

    @Override
    public void write(String name) {
        SubmitJobResponse response = jobs.withDeadlineAfter(WRITE_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                .submitJob(SubmitJobRequest.newBuilder()
                        .setRequestId(UUID.randomUUID().toString())
                        .setSpec(spec.named(name))
                        .build());
        if (response.getDuplicate() || !response.getJob().getSpec().getName().equals(name)) {
            throw new IllegalStateException("SubmitJob of " + name + " answered with another job ("
                    + response.getJob().getSpec().getName() + ", duplicate " + response.getDuplicate() + ")");
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
        cell.close();
    }
}
