package borgcell.master;

import borgcell.master.raft.PeerAddress;
import borgcell.master.raft.RaftSettings;
import borgcell.master.raft.ReplicaConfig;
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
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.SimpleCommandLinePropertySource;

/**
 * The deployable BorgMaster replica: one {@link Replica} with Spring Boot around it for HTTP
 * (REST admin, the web UI and Actuator). Arguments: {@code --borg.replica.id},
 * {@code --borg.replica.peers} (id@host:raft:grpc:http,...), {@code --borg.replica.data-dir},
 * {@code --borg.heartbeat-interval}, {@code --server.port}.
 *
 * <p>The replica starts before the Spring context: Raft elects a leader and the gRPC API
 * serves while Spring is still booting, which on a busy two-core machine is seconds sooner.
 */
@SpringBootApplication
public class BorgMasterApplication {

    public static void main(String[] args) {
        start(args);
    }

    public static ConfigurableApplicationContext start(String[] args) {
        // The replica's meters live in the registry Spring's Actuator serves at /actuator/prometheus.
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        bindJvmMetrics(registry);
        Replica replica = new Replica(config(args), settings(args), Clock.systemUTC(), registry).start();
        try {
            SpringApplication app = new SpringApplication(BorgMasterApplication.class);
            app.addInitializers(ctx -> {
                ctx.getBeanFactory().registerSingleton("replica", replica);
                // Actuator's /actuator/prometheus scrapes the PrometheusRegistry bean: make it ours.
                ctx.getBeanFactory().registerSingleton("prometheusMeterRegistry", registry);
                ctx.getBeanFactory().registerSingleton("prometheusRegistry", registry.getPrometheusRegistry());
            });
            ConfigurableApplicationContext ctx = app.run(args);
            ctx.addApplicationListener(e -> {
                if (e instanceof org.springframework.context.event.ContextClosedEvent) {
                    replica.close();
                }
            });
            return ctx;
        } catch (RuntimeException e) {
            replica.close();
            throw e;
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
        var props = new SimpleCommandLinePropertySource(args);
        String id = required(props, "borg.replica.id");
        String peers = required(props, "borg.replica.peers");
        Path dataDir = Path.of(required(props, "borg.replica.data-dir"));
        return new ReplicaConfig(id, PeerAddress.parseList(peers), dataDir);
    }

    static Replica.Settings settings(String[] args) {
        var props = new SimpleCommandLinePropertySource(args);
        Replica.Settings d = Replica.Settings.defaults();
        Duration heartbeat = props.containsProperty("borg.heartbeat-interval")
                ? DurationStyle.detectAndParse(props.getProperty("borg.heartbeat-interval")) : d.heartbeatInterval();
        int missed = props.containsProperty("borg.missed-heartbeats")
                ? Integer.parseInt(props.getProperty("borg.missed-heartbeats")) : d.missedHeartbeats();
        return new Replica.Settings(heartbeat, missed, d.schedulerInterval(), RaftSettings.defaults());
    }

    private static String required(SimpleCommandLinePropertySource props, String name) {
        String v = props.getProperty(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }
}
