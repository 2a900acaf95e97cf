package borgcell.master;

import borgcell.cell.Commands;
import borgcell.master.access.Access;
import borgcell.master.access.AuditLog;
import borgcell.master.api.CellServiceImpl;
import borgcell.master.api.EndpointsWatcher;
import borgcell.master.api.TaskLogStreamer;
import borgcell.master.api.TokenServiceImpl;
import borgcell.master.api.GrpcAccess;
import borgcell.master.api.ForwardedCalls;
import borgcell.master.api.JobPlans;
import borgcell.master.api.JobServiceImpl;
import borgcell.master.api.PeerChannels;
import borgcell.master.api.JobWatcher;
import borgcell.master.api.MachineLinkImpl;
import borgcell.master.api.TaskUsageReads;
import borgcell.master.api.TransportThreadCalls;
import borgcell.master.leader.LeaderDuties;
import borgcell.master.leader.Liveness;
import borgcell.master.leader.TaskUsageBoard;
import borgcell.master.metrics.CellMetrics;
import borgcell.master.metrics.LeaderMetrics;
import borgcell.master.names.NameServer;
import borgcell.master.names.NameSettings;
import borgcell.master.names.NameSource;
import borgcell.master.raft.RaftReplica;
import borgcell.master.raft.RaftSettings;
import borgcell.master.raft.ReplicaConfig;
import borgcell.trust.Callers;
import borgcell.trust.Role;
import borgcell.trust.MutualTls;
import borgcell.trust.TlsFiles;
import io.grpc.InsecureChannelCredentials;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.grpc.GrpcTlsConfig;

/**
 * One BorgMaster replica, without Spring: the Raft member, the gRPC API on its port, and the
 * duties it takes on while it leads. The Spring app wraps one; tests run five in one JVM.
 */
public final class Replica implements AutoCloseable {

    /**
     * @param heartbeatInterval how often Borglets report; told to them on every answer
     * @param missedHeartbeats a machine silent this many intervals is marked DOWN
     * @param schedulerInterval the pause between the leader's scheduling passes
     */
    /**
     * @param tlsReload how often the TLS files are reread, so a renewed certificate is served without a restart
     * @param names the cell's name (in its DNS names and endpoints) and where this replica serves DNS
     */
    public record Settings(Duration heartbeatInterval, int missedHeartbeats, Duration schedulerInterval,
                           RaftSettings raft, Duration tlsReload, NameSettings names) {
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(2), 3, Duration.ofMillis(200), RaftSettings.defaults(),
                    MutualTls.RELOAD_EVERY);
        }

        /** Settings of a replica in the cell {@value NameSettings#DEFAULT_CELL}, serving no DNS. */
        public Settings(Duration heartbeatInterval, int missedHeartbeats, Duration schedulerInterval, RaftSettings raft,
                        Duration tlsReload) {
            this(heartbeatInterval, missedHeartbeats, schedulerInterval, raft, tlsReload, NameSettings.DEFAULTS);
        }

        public Settings withNames(NameSettings names) {
            return new Settings(heartbeatInterval, missedHeartbeats, schedulerInterval, raft, tlsReload, names);
        }
    }

    private final RaftReplica raft;
    private final Settings settings;
    private final Clock clock;
    /** Every command this replica proposes, stamped with its clock: the one way commands are made here. */
    private final Commands commands;
    private final MeterRegistry registry;
    private final CellMetrics cellMetrics;
    private final Liveness liveness = new Liveness();
    /** Tasks' usage as Borglets report it: the leader's soft state, like liveness. */
    private final TaskUsageBoard usage = new TaskUsageBoard();
    private final TaskUsageReads usageReads;
    private final JobWatcher watcher;
    private final EndpointsWatcher endpoints;
    /** What this replica's DNS server answers from; the server itself only with a DNS port. */
    private final NameSource names;
    private NameServer nameServer;
    private final MachineLinkImpl machineLink;
    private final Server grpc;
    private final Optional<MutualTls> tls;
    private final Access access;
    private final TaskLogStreamer taskLogs;
    private final PeerChannels peers;
    private final JobPlans plans;
    private volatile LeaderDuties duties;

    public Replica(ReplicaConfig config, Settings settings, Clock clock) {
        this(config, settings, clock, new SimpleMeterRegistry());
    }

    /**
     * A replica whose gRPC is plaintext, every caller unnamed: for tests, and for cells started
     * without a PKI.
     *
     * @param registry where this replica's metrics go (the Spring app serves it at /actuator/prometheus)
     */
    public Replica(ReplicaConfig config, Settings settings, Clock clock, MeterRegistry registry) {
        this(config, settings, clock, registry, Optional.empty());
    }

    /**
     * @param tls this replica's certificate and key and the cell's CA: its gRPC then takes only
     *     callers with a certificate of the cell (each call's caller an {@code Identity}), and it
     *     presents its own when it calls another replica; empty: plaintext
     */
    public Replica(ReplicaConfig config, Settings settings, Clock clock, MeterRegistry registry, Optional<TlsFiles> tls) {
        this.settings = settings;
        this.tls = tls.map(files -> MutualTls.of(files, settings.tlsReload()));
        // Callers are known only over mutual TLS: a plaintext replica (--insecure) checks nobody.
        this.access = this.tls.isPresent() ? Access.enforced(new AuditLog(), registry) : Access.open(registry);
        this.clock = clock;
        this.commands = new Commands(clock);
        this.registry = registry;
        // Raft's links take replicas alone: another role's certificate of the cell cannot join or vote.
        this.raft = new RaftReplica(config, settings.raft(), this.tls.map(t ->
                new GrpcTlsConfig(t.keyManager(), t.peersOf(Role.REPLICA), true)));
        this.taskLogs = new TaskLogStreamer(raft, access, this.tls.map(MutualTls::https));
        this.watcher = new JobWatcher(raft.stateMachine());
        this.endpoints = new EndpointsWatcher(raft.stateMachine(), settings.names().cell());
        this.names = new NameSource(raft.stateMachine()::read, settings.names().cell());
        // Held here: Micrometer's gauges keep only weak references to what they read.
        this.cellMetrics = new CellMetrics(raft, clock, registry);
        Timer snapshots = Timer.builder("borg.raft.snapshot.duration")
                .description("Time to write one snapshot of the cell").publishPercentileHistogram()
                .register(registry);
        raft.stateMachine().onSnapshotTaken(nanos -> snapshots.record(Duration.ofNanos(nanos)));
        Timer commits = Timer.builder("borg.raft.commit.duration")
                .description("On the leader: a write's log entry from its arrival to its apply (replicated to a majority, forced to disk, committed)")
                .publishPercentileHistogram().register(registry);
        raft.stateMachine().onEntryCommitted(nanos -> commits.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS));
        this.peers = new PeerChannels(this.tls.map(MutualTls::client).orElseGet(InsecureChannelCredentials::create));
        this.usageReads = new TaskUsageReads(raft, usage, peers);
        this.plans = new JobPlans(raft, commands, () -> duties, peers);
        this.machineLink = new MachineLinkImpl(raft, liveness, usage, clock, commands, settings.heartbeatInterval(),
                access, registry);
        InetSocketAddress grpcAddress = new InetSocketAddress(config.listenHost(), config.self().grpcPort());
        NettyServerBuilder server = this.tls.map(t -> NettyServerBuilder.forAddress(grpcAddress, t.server()))
                .orElseGet(() -> NettyServerBuilder.forAddress(grpcAddress));
        // The last interceptor added runs first: the caller is known before the gate asks what it may
        // do, and before a forwarded call's header is believed for it.
        server.intercept(new ForwardedCalls(access));
        server.intercept(new GrpcAccess(access));
        this.tls.ifPresent(t -> server.intercept(new Callers()));
        this.grpc = server
                .addService(new JobServiceImpl(raft, commands, watcher, endpoints, usageReads, taskLogs, access, plans, registry))
                .addService(machineLink)
                .addService(new CellServiceImpl(raft, commands, access))
                .addService(new TokenServiceImpl(raft, commands, access))
                .callExecutor(new TransportThreadCalls())
                .build();
    }

    public Replica start() {
        raft.start();
        try {
            grpc.start();
        } catch (IOException e) {
            raft.close();
            throw new UncheckedIOException("cannot serve gRPC on " + raft.config().self().grpcAddress(), e);
        }
        if (settings.names().servesDns()) {
            try {
                nameServer = NameServer.start(raft.config().listenHost(), settings.names().dnsPort(), names, registry);
            } catch (RuntimeException e) {
                grpc.shutdownNow();
                raft.close();
                throw e;
            }
        }
        duties = new LeaderDuties(raft, liveness, clock, commands, settings.heartbeatInterval(), settings.missedHeartbeats(),
                settings.schedulerInterval(), new LeaderMetrics(registry));
        return this;
    }

    public RaftReplica raft() {
        return raft;
    }

    /** The names this replica answers (its DNS server's source, also for a server a test starts itself). */
    public NameSource names() {
        return names;
    }

    /** The port this replica serves DNS on; empty when it serves none. */
    public java.util.OptionalInt dnsPort() {
        return nameServer == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(nameServer.port());
    }

    /** Who may do what on this replica: checked by its gRPC, and by its REST and web UI. */
    /** This replica's TLS material, reread as it is renewed; empty on a replica started {@code --insecure}. */
    public Optional<MutualTls> tls() {
        return tls;
    }

    /** Where task logs are read from their machines' Borglets, for gRPC and REST alike. */
    public TaskLogStreamer taskLogs() {
        return taskLogs;
    }

    public Access access() {
        return access;
    }

    /** Adds tasks' usage to a job read on this replica (REST's reads among them). */
    public TaskUsageReads taskUsage() {
        return usageReads;
    }

    public Liveness liveness() {
        return liveness;
    }

    /** How this replica makes the commands it proposes (REST's writes among them). */
    public Commands commands() {
        return commands;
    }

    /** This replica's clock: what its commands are stamped with and its liveness is measured by. */
    public Clock clock() {
        return clock;
    }

    public MeterRegistry registry() {
        return registry;
    }

    public String id() {
        return raft.config().id();
    }

    @Override
    public void close() {
        if (duties != null) {
            duties.close();
        }
        watcher.close();
        endpoints.close();
        if (nameServer != null) {
            nameServer.close();
        }
        grpc.shutdownNow();
        try {
            grpc.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        machineLink.close();
        plans.close();
        peers.close();
        raft.close();
        tls.ifPresent(MutualTls::close);
    }
}
