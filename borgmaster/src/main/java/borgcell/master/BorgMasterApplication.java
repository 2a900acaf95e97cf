package borgcell.master;

import borgcell.master.names.NameSettings;
import borgcell.master.raft.PeerAddress;
import borgcell.master.raft.RaftSettings;
import borgcell.master.raft.ReplicaConfig;
import borgcell.trust.Identity;
import borgcell.trust.TlsFiles;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.SimpleCommandLinePropertySource;

/**
 * The deployable BorgMaster replica: one {@link Replica} with Spring Boot around it for HTTP
 * (REST admin, the web UI and Actuator). Arguments: {@code --borg.replica.id},
 * {@code --borg.replica.peers} (id@host:raft:grpc:http,...), {@code --borg.replica.data-dir},
 * {@code --borg.heartbeat-interval}, {@code --server.port}, {@code --borg.cell-name}, {@code --borg.dns-port}.
 *
 * <p>The replica starts before the Spring context: Raft elects a leader and the gRPC API
 * serves before Spring boots. Spring waits until the group takes writes and this replica has
 * caught up with it (at most {@link #HTTP_WAITS_FOR_GROUP}): when all five restart at once on
 * two cores, their Spring contexts are most of the CPU the JVMs want, and booting them
 * alongside the election starved it (leaders elected and deposed for 15-20 s, terms climbing
 * by ten and more).
 */
@SpringBootApplication
public class BorgMasterApplication {
    /**
     * How long HTTP (REST, UI, Actuator) waits for the group before starting anyway: a replica
     * whose peers are down still serves its health and metrics, a few seconds late.
     */
    static final Duration HTTP_WAITS_FOR_GROUP = Duration.ofSeconds(10);
    /**
     * Spring Boot sets up logging for the whole JVM as a context starts, and two doing so at once
     * fail (a ConcurrentModificationException in its logging system). A deployed replica is alone
     * in its JVM; tests start several replicas in one, Raft side by side, then Spring in turn.
     */
    private static final Object SPRING_BOOTS_ONE_AT_A_TIME = new Object();

    private static final Logger log = LoggerFactory.getLogger(BorgMasterApplication.class);
    /** The argument naming the cell's PKI directory, where this replica's certificate and key are. */
    public static final String TLS_DIR = "borg.tls-dir";
    /** {@code --borg.insecure=true}: plaintext and no caller checked, said explicitly. */
    public static final String INSECURE = "borg.insecure";
    /** The cell's name: its DNS zone is {@code NAME.borg} (default {@value NameSettings#DEFAULT_CELL}). */
    public static final String CELL_NAME = "borg.cell-name";
    /** Where this replica serves DNS, UDP and TCP; 0 or absent: it serves none. */
    public static final String DNS_PORT = "borg.dns-port";
    /** The environment variable naming where gRPC and Raft listen, when not the replica's own address. */
    public static final String BIND_HOST_VARIABLE = "BORG_REPLICA_BIND_HOST";

    public static void main(String[] args) {
        start(args);
    }

    public static ConfigurableApplicationContext start(String[] args) {
        StartedReplica started = startReplica(args);
        try {
            awaitWritableGroup(started.replica(), HTTP_WAITS_FOR_GROUP);
            return serveHttp(started, args);
        } catch (RuntimeException e) {
            started.replica().close();
            throw e;
        }
    }

    /**
     * A replica started without its HTTP side yet, and the registry its meters go to (which
     * Actuator serves once {@link #serveHttp} has run).
     */
    public record StartedReplica(Replica replica, PrometheusMeterRegistry registry) {}

    /**
     * The Raft and gRPC half of {@link #start}: the replica serves the API when this returns.
     * {@code borg up} starts five this way in one JVM and gives them HTTP once the cell is usable.
     */
    public static StartedReplica startReplica(String[] args) {
        // The replica's meters live in the registry Spring's Actuator serves at /actuator/prometheus.
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        bindJvmMetrics(registry);
        ReplicaConfig config = config(args);
        Optional<TlsFiles> tls = tls(args, config.id());
        if (tls.isEmpty()) {
            log.warn("replica {} runs INSECURE: gRPC in plaintext on {}, no caller checked; anyone who reaches it may do"
                    + " anything (give --{} for mutual TLS)", config.id(), config.self().grpcAddress(), TLS_DIR);
        }
        return new StartedReplica(new Replica(config, settings(args), Clock.systemUTC(), registry, tls).start(), registry);
    }

    /**
     * The HTTP half of {@link #start}: Spring Boot around a started replica (REST, the web UI,
     * Actuator on {@code --server.port}). Closing the context closes the replica.
     */
    public static ConfigurableApplicationContext serveHttp(StartedReplica started, String[] args) {
        Replica replica = started.replica();
        SpringApplication app = new SpringApplication(BorgMasterApplication.class);
        app.addInitializers(ctx -> {
            ctx.getBeanFactory().registerSingleton("replica", replica);
            // Actuator's /actuator/prometheus scrapes the PrometheusRegistry bean: make it ours.
            ctx.getBeanFactory().registerSingleton("prometheusMeterRegistry", started.registry());
            ctx.getBeanFactory().registerSingleton("prometheusRegistry", started.registry().getPrometheusRegistry());
        });
        ConfigurableApplicationContext ctx;
        synchronized (SPRING_BOOTS_ONE_AT_A_TIME) {
            ctx = app.run(args);
        }
        ctx.addApplicationListener(e -> {
            if (e instanceof org.springframework.context.event.ContextClosedEvent) {
                replica.close();
            }
        });
        return ctx;
    }

    private static void awaitWritableGroup(Replica replica, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        try {
            while (!replica.raft().appliedInCurrentTerm() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Spring binds these only to registries it creates itself; ours is made before the context. */
    private static void bindJvmMetrics(MeterRegistry registry) {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    static ReplicaConfig config(String[] args) {
        return config(args, System.getenv());
    }

    /**
     * The replica's identity, peers and data directory from its arguments; where it listens from
     * {@code --borg.replica.bind-host}, else the environment's {@value #BIND_HOST_VARIABLE} (how a
     * Kubernetes pod says it, its command line being {@code borg master}'s), else its peer address.
     */
    static ReplicaConfig config(String[] args, java.util.Map<String, String> env) {
        var props = new SimpleCommandLinePropertySource(args);
        String id = required(props, "borg.replica.id");
        String peers = required(props, "borg.replica.peers");
        Path dataDir = Path.of(required(props, "borg.replica.data-dir"));
        String bindHost = props.containsProperty("borg.replica.bind-host") ? props.getProperty("borg.replica.bind-host")
                : env.get(BIND_HOST_VARIABLE);
        return new ReplicaConfig(id, PeerAddress.parseList(peers), dataDir, bindHost);
    }

    /**
     * This replica's TLS files in the PKI directory {@code --borg.tls-dir} names; empty with
     * {@code --borg.insecure=true}.
     *
     * @throws IllegalArgumentException naming the file, when one is missing or unreadable, or
     *     when neither (or both) is given
     */
    public static Optional<TlsFiles> tls(String[] args, String replicaId) {
        var props = new SimpleCommandLinePropertySource(args);
        String dir = props.getProperty(TLS_DIR);
        boolean insecure = Boolean.parseBoolean(props.getProperty(INSECURE));
        boolean hasDir = dir != null && !dir.isBlank();
        if (hasDir == insecure) {
            throw new IllegalArgumentException("give exactly one of --" + TLS_DIR + "=DIR (mutual TLS) and --" + INSECURE
                    + "=true (plaintext, no caller checked)");
        }
        return hasDir ? Optional.of(TlsFiles.in(Path.of(dir), Identity.replica(replicaId)).requireReadable())
                : Optional.empty();
    }

    static Replica.Settings settings(String[] args) {
        var props = new SimpleCommandLinePropertySource(args);
        Replica.Settings d = Replica.Settings.defaults();
        Duration heartbeat = props.containsProperty("borg.heartbeat-interval")
                ? DurationStyle.detectAndParse(props.getProperty("borg.heartbeat-interval")) : d.heartbeatInterval();
        int missed = props.containsProperty("borg.missed-heartbeats")
                ? Integer.parseInt(props.getProperty("borg.missed-heartbeats")) : d.missedHeartbeats();
        Duration tlsReload = props.containsProperty("borg.tls-reload")
                ? DurationStyle.detectAndParse(props.getProperty("borg.tls-reload")) : d.tlsReload();
        NameSettings names = new NameSettings(
                props.containsProperty(CELL_NAME) ? props.getProperty(CELL_NAME) : NameSettings.DEFAULT_CELL,
                props.containsProperty(DNS_PORT) ? Integer.parseInt(props.getProperty(DNS_PORT)) : 0);
        return new Replica.Settings(heartbeat, missed, d.schedulerInterval(), RaftSettings.defaults(), tlsReload, names);
    }

    private static String required(SimpleCommandLinePropertySource props, String name) {
        String v = props.getProperty(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }
}
