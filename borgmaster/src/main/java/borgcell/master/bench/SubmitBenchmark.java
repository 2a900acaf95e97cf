package borgcell.master.bench;

import borgcell.api.v1.JobServiceGrpc;
import borgcell.api.v1.JobSpec;
import borgcell.api.v1.Resources;
import borgcell.api.v1.SubmitJobRequest;
import borgcell.api.v1.TaskTemplate;
import borgcell.master.Replica;
import borgcell.master.raft.PeerAddress;
import borgcell.master.raft.ReplicaConfig;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Measures SubmitJob latency through a real Raft group: N replicas in this JVM on loopback,
 * one client submitting jobs one after another through a follower (so each write is also
 * forwarded to the leader), as a user's `borg job run` would. Prints a table, then one JSON line.
 */
public final class SubmitBenchmark {
    public record Result(int replicas, int jobs, int warmup, double p50Ms, double p90Ms, double p99Ms,
                         double maxMs, double submitsPerSec, int cores) {
        public String json() {
            return String.format(java.util.Locale.ROOT,
                    "{\"benchmark\":\"submit\",\"replicas\":%d,\"jobs\":%d,\"warmup\":%d,\"submit_p50_ms\":%.3f,"
                            + "\"submit_p90_ms\":%.3f,\"submit_p99_ms\":%.3f,\"submit_max_ms\":%.3f,\"submits_per_sec\":%.1f,"
                            + "\"cores\":%d,\"via\":\"follower\"}",
                    replicas, jobs, warmup, p50Ms, p90Ms, p99Ms, maxMs, submitsPerSec, cores);
        }
    }

    private SubmitBenchmark() {}

    /** Runs the replicas with their data under {@code dir}, which the caller made and removes. */
    public static Result run(int replicas, int jobs, int warmup, Path dir, PrintStream out) throws InterruptedException {
        List<PeerAddress> peers = new ArrayList<>();
        for (int i = 1; i <= replicas; i++) {
            peers.add(new PeerAddress("r" + i, "127.0.0.1", freePort(), freePort(), freePort()));
        }
        List<Replica> group = new ArrayList<>();
        ManagedChannel channel = null;
        try {
            for (PeerAddress p : peers) {
                group.add(new Replica(new ReplicaConfig(p.id(), peers, dir.resolve(p.id())), Replica.Settings.defaults(),
                        Clock.systemUTC()).start());
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            Replica leader = null;
            while (leader == null && System.nanoTime() < deadline) {
                leader = group.stream().filter(r -> r.raft().isLeader()).findFirst().orElse(null);
                Thread.sleep(50);
            }
            if (leader == null) {
                throw new IllegalStateException("no leader elected within 60 s");
            }
            Replica via = group.stream().filter(r -> !r.raft().isLeader()).findFirst().orElseThrow();
            channel = NettyChannelBuilder.forTarget(via.raft().config().self().grpcAddress()).usePlaintext().build();
            var stub = JobServiceGrpc.newBlockingStub(channel);
            double[] millis = new double[jobs];
            long started = 0;
            for (int i = -warmup; i < jobs; i++) {
                if (i == 0) {
                    started = System.nanoTime();
                }
                long t0 = System.nanoTime();
                stub.withDeadlineAfter(Duration.ofSeconds(30)).submitJob(SubmitJobRequest.newBuilder()
                        .setRequestId("bench-" + i).setSpec(spec("bench-" + (i + warmup))).build());
                if (i >= 0) {
                    millis[i] = (System.nanoTime() - t0) / 1e6;
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            Arrays.sort(millis);
            Result r = new Result(replicas, jobs, warmup, pct(millis, 50), pct(millis, 90), pct(millis, 99),
                    millis[millis.length - 1], jobs / seconds, Runtime.getRuntime().availableProcessors());
            out.printf("SubmitJob through a %d-replica Raft group (in one JVM, loopback, one client via a follower)%n",
                    replicas);
            out.printf("  jobs %d (after %d warm-up)   p50 %.2f ms   p90 %.2f ms   p99 %.2f ms   max %.2f ms   %.0f/s%n",
                    jobs, warmup, r.p50Ms(), r.p90Ms(), r.p99Ms(), r.maxMs(), r.submitsPerSec());
            out.println(r.json());
            return r;
        } finally {
            if (channel != null) {
                channel.shutdownNow();
            }
            group.forEach(Replica::close);
        }
    }

    private static JobSpec spec(String name) {
        return JobSpec.newBuilder().setName(name).setUser("bench").setPriority(100).setTaskCount(1)
                .setTask(TaskTemplate.newBuilder().addArgv("/bin/true")
                        .setResources(Resources.newBuilder().setCpuMillis(10).setRamBytes(1 << 20)))
                .build();
    }

    private static double pct(double[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
