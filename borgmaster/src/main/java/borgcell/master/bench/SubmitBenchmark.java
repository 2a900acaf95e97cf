package borgcell.master.bench;

import borgcell.api.v1.JobServiceGrpc;
import borgcell.api.v1.JobSpec;
import borgcell.api.v1.Resources;
import borgcell.api.v1.SubmitJobRequest;
import borgcell.api.v1.TaskTemplate;
import borgcell.master.Replica;
import borgcell.master.raft.PeerAddress;
import borgcell.master.raft.ReplicaConfig;
import borgcell.trust.CellCa;
import borgcell.trust.Identity;
import borgcell.trust.MutualTls;
import borgcell.trust.TlsFiles;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Measures SubmitJob latency through real Raft groups: two groups of N replicas in this JVM on
 * loopback, one in plaintext and one with mutual TLS on every link (gRPC and Raft), each with
 * one client submitting jobs one after another through a follower (so each write is also
 * forwarded to the leader), as a user's {@code borg job run} would. The two take turns in
 * blocks, so whatever else the machine does falls on both alike. Prints a table, then one
 * JSON line with both sides and the TLS overhead.
 */
public final class SubmitBenchmark {
    /** Submissions per turn: long enough to keep each connection warm, short enough to interleave. */
    private static final int BLOCK = 25;

    /** One side's figures. */
    public record Side(double p50Ms, double p90Ms, double p99Ms, double maxMs, double submitsPerSec) {
        String json() {
            return String.format(Locale.ROOT, "{\"p50_ms\":%.3f,\"p90_ms\":%.3f,\"p99_ms\":%.3f,\"max_ms\":%.3f,"
                    + "\"submits_per_sec\":%.1f}", p50Ms, p90Ms, p99Ms, maxMs, submitsPerSec);
        }
    }

    public record Result(int replicas, int jobs, int warmup, Side plaintext, Side tls, int cores) {
        /** How much slower TLS is at the median, in percent of plaintext's. */
        public double tlsP50OverheadPct() {
            return 100.0 * (tls.p50Ms() - plaintext.p50Ms()) / plaintext.p50Ms();
        }

        public String json() {
            return String.format(Locale.ROOT, "{\"benchmark\":\"submit\",\"replicas\":%d,\"jobs\":%d,\"warmup\":%d,"
                            + "\"plaintext\":%s,\"tls\":%s,\"tls_p50_overhead_pct\":%.1f,\"cores\":%d,\"via\":\"follower\"}",
                    replicas, jobs, warmup, plaintext.json(), tls.json(), tlsP50OverheadPct(), cores);
        }
    }

    private SubmitBenchmark() {}

    /** Runs the replicas with their data under {@code dir}, which the caller made and removes. */
    public static Result run(int replicas, int jobs, int warmup, Path dir, PrintStream out) throws InterruptedException {
        CellCa ca = CellCa.loadOrCreate(dir.resolve("pki"));
        try (Group plaintext = Group.start(replicas, dir.resolve("plaintext"), Optional.empty());
             Group tls = Group.start(replicas, dir.resolve("tls"), Optional.of(ca))) {
            plaintext.submit(-warmup, 0, null);
            tls.submit(-warmup, 0, null);
            double[] plainMillis = new double[jobs];
            double[] tlsMillis = new double[jobs];
            for (int from = 0; from < jobs; from += BLOCK) {
                int to = Math.min(jobs, from + BLOCK);
                plaintext.submit(from, to, plainMillis);
                tls.submit(from, to, tlsMillis);
            }
            Result r = new Result(replicas, jobs, warmup, side(plainMillis), side(tlsMillis),
                    Runtime.getRuntime().availableProcessors());
            out.printf("SubmitJob through %d-replica Raft groups (in one JVM, loopback, one client each via a follower,"
                    + " taking turns by %d)%n", replicas, BLOCK);
            out.printf("  %-9s jobs %d (after %d warm-up)   p50 %.2f ms   p90 %.2f ms   p99 %.2f ms   max %.2f ms%n",
                    "plaintext", jobs, warmup, r.plaintext().p50Ms(), r.plaintext().p90Ms(), r.plaintext().p99Ms(),
                    r.plaintext().maxMs());
            out.printf("  %-9s jobs %d (after %d warm-up)   p50 %.2f ms   p90 %.2f ms   p99 %.2f ms   max %.2f ms%n",
                    "mTLS", jobs, warmup, r.tls().p50Ms(), r.tls().p90Ms(), r.tls().p99Ms(), r.tls().maxMs());
            out.printf("  TLS overhead at p50: %+.1f %%%n", r.tlsP50OverheadPct());
            out.println(r.json());
            return r;
        }
    }

    /** A Raft group and one client of one of its followers. */
    private static final class Group implements AutoCloseable {
        private final List<Replica> replicas = new ArrayList<>();
        private final String name;
        private ManagedChannel channel;
        private JobServiceGrpc.JobServiceBlockingStub stub;

        private Group(String name) {
            this.name = name;
        }

        static Group start(int size, Path dir, Optional<CellCa> ca) throws InterruptedException {
            List<PeerAddress> peers = new ArrayList<>();
            for (int i = 1; i <= size; i++) {
                peers.add(new PeerAddress("r" + i, "127.0.0.1", freePort(), freePort(), freePort()));
            }
            Group g = new Group(ca.isPresent() ? "tls" : "plaintext");
            try {
                for (PeerAddress p : peers) {
                    Optional<TlsFiles> files = ca.map(c -> c.issue(Identity.replica(p.id()), List.of("127.0.0.1")));
                    g.replicas.add(new Replica(new ReplicaConfig(p.id(), peers, dir.resolve(p.id())),
                            Replica.Settings.defaults(), Clock.systemUTC(), new SimpleMeterRegistry(), files).start());
                }
                Replica via = g.awaitFollower();
                String address = via.raft().config().self().grpcAddress();
                g.channel = ca.map(c -> NettyChannelBuilder.forTarget(address,
                                MutualTls.clientOnce(c.issue(Identity.admin("bench"), List.of()))))
                        .orElseGet(() -> NettyChannelBuilder.forTarget(address).usePlaintext()).build();
                g.stub = JobServiceGrpc.newBlockingStub(g.channel);
                return g;
            } catch (RuntimeException | InterruptedException e) {
                g.close();
                throw e;
            }
        }

        private Replica awaitFollower() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                if (replicas.stream().anyMatch(r -> r.raft().isLeader())) {
                    return replicas.stream().filter(r -> !r.raft().isLeader()).findFirst().orElseThrow();
                }
                Thread.sleep(50);
            }
            throw new IllegalStateException("the " + name + " group elected no leader within 60 s");
        }

        /** Submits jobs {@code from..to-1} (negative: warm-up, unrecorded), each timed into {@code millis}. */
        void submit(int from, int to, double[] millis) {
            for (int i = from; i < to; i++) {
                long t0 = System.nanoTime();
                stub.withDeadlineAfter(Duration.ofSeconds(30)).submitJob(SubmitJobRequest.newBuilder()
                        .setRequestId(name + "-" + i).setSpec(spec("bench-" + (i < 0 ? "w" + -i : i))).build());
                if (millis != null) {
                    millis[i] = (System.nanoTime() - t0) / 1e6;
                }
            }
        }

        @Override
        public void close() {
            if (channel != null) {
                channel.shutdownNow();
            }
            replicas.forEach(Replica::close);
        }
    }

    /** The rate is over the time spent submitting: the other group's turns are not this one's. */
    private static Side side(double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        double seconds = Arrays.stream(millis).sum() / 1e3;
        return new Side(pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), sorted[sorted.length - 1],
                sorted.length / seconds);
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
