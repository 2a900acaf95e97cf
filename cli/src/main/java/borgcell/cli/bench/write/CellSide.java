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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
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
    private final Map<String, ManagedChannel> channels;
    private final BenchJobSpec spec;
    private final Duration timeout;
    /** Changes only between rounds, while no client writes. */
    private volatile PeerAddress follower;

    private CellSide(LocalCell cell, Map<String, ManagedChannel> channels, BenchJobSpec spec, Duration timeout) {
        this.cell = cell;
        this.channels = channels;
        this.spec = spec;
        this.timeout = timeout;
    }

    /** Starts the replicas in {@code dir} and waits until one of them is a follower to write through. */
    static CellSide start(Path dir, BenchJobSpec spec, Duration timeout, List<String> masterJvmOptions)
            throws IOException {
        CellLayout layout = CellLayout.withFreePorts(dir, REPLICAS, 0);
        LocalCell.Options defaults = LocalCell.Options.defaults();
        LocalCell cell = new LocalCell(layout, LocalCell.Launcher.forThisJvm(),
                // Plaintext, as the etcd members it is measured beside run.
                new LocalCell.Options(defaults.heartbeatInterval(), defaults.missedHeartbeats(), masterJvmOptions, true));
        Map<String, ManagedChannel> channels = new LinkedHashMap<>();
        CellSide side = new CellSide(cell, channels, spec, timeout);
        try {
            cell.start();
            for (PeerAddress replica : layout.replicas()) {
                channels.put(replica.id(),
                        Grpc.newChannelBuilder(replica.grpcAddress(), InsecureChannelCredentials.create()).build());
            }
            side.awaitEveryReplicaStarted();
            side.chooseFollower();
            return side;
        } catch (RuntimeException | IOException e) {
            side.close();
            throw e;
        }
    }

    /**
     * Waits until every replica's HTTP health answers, that is until its Spring context has
     * started. A replica serves gRPC before (so that Raft and the API do not wait for Spring),
     * and the seconds of Spring's start on a small machine stall the JVMs enough to cost
     * elections: measured then, a round would be partly written through a new leader.
     */
    private void awaitEveryReplicaStarted() {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(CALL_DEADLINE).build()) {
            for (PeerAddress replica : cell.layout().replicas()) {
                HttpRequest health = HttpRequest.newBuilder(URI.create(replica.httpUrl(false) + "/actuator/health"))
                        .timeout(CALL_DEADLINE).build();
                while (!answers(http, health)) {
                    cell.awaitLeader(Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1))); // fails when a replica died
                    if (System.nanoTime() > deadline) {
                        throw new CliException(ExitCodes.FAILURE, "replica " + replica.id() + " did not start serving HTTP within "
                                + timeout.toSeconds() + " s; logs are in " + cell.layout().log("*").getParent());
                    }
                    try {
                        Thread.sleep(POLL);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new CliException(ExitCodes.FAILURE, "interrupted while waiting for the cell's replicas");
                    }
                }
            }
        }
    }

    private static boolean answers(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Asks every replica whom it takes for the leader until the leader itself agrees and another
     * replica names it too; keeps the follower written through so far if it is still one. Any
     * replica's first answer is not enough: a new group's first leader may be deposed while the
     * others are still starting, and on a loaded machine a follower may lead a moment later.
     */
    @Override
    public void chooseFollower() {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer yet";
        while (true) {
            cell.awaitLeader(Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1))); // fails when a replica died
            Map<String, String> leaderSeenBy = new LinkedHashMap<>();
            for (String replica : channels.keySet()) {
                try {
                    leaderSeenBy.put(replica, info(replica).getLeaderId());
                } catch (StatusRuntimeException e) {
                    last = replica + ": " + e.getStatus().getCode() + " " + e.getStatus().getDescription();
                }
            }
            String chosen = null;
            for (Map.Entry<String, String> seen : leaderSeenBy.entrySet()) {
                String leader = seen.getValue();
                boolean followsAnAgreeingLeader = !leader.isEmpty() && !leader.equals(seen.getKey())
                        && leader.equals(leaderSeenBy.get(leader));
                if (followsAnAgreeingLeader && (chosen == null || follower != null && seen.getKey().equals(follower.id()))) {
                    chosen = seen.getKey();
                }
            }
            if (chosen != null) {
                String id = chosen;
                follower = cell.layout().replicas().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
                return;
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

    private CellInfo info(String replica) {
        return CellServiceGrpc.newBlockingStub(channels.get(replica))
                .withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                .getCell(GetCellRequest.getDefaultInstance());
    }

    @Override
    public String name() {
        return "cell";
    }

    @Override
    public String follower() {
        return follower.id();
    }

    @Override
    public String address() {
        return follower.grpcAddress();
    }

    @Override
    public Leadership leadership() {
        CellInfo info = info(follower.id());
        return new Leadership(info.getLeaderId(), info.getTerm(), info.getAppliedIndex());
    }

    @Override
    public Map<String, Long> memberPids() {
        return cell.replicaPids();
    }

    @Override
    public void write(String name) {
        SubmitJobResponse response = JobServiceGrpc.newBlockingStub(channels.get(follower.id()))
                .withDeadlineAfter(WRITE_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
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
        channels.values().forEach(ManagedChannel::shutdownNow);
        cell.close();
    }
}
