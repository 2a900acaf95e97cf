package borgcell.borglet;

import borgcell.borglet.http.BorgletHttpServer;
import borgcell.borglet.logs.LogFiles;
import borgcell.borglet.metrics.BorgletMetrics;
import borgcell.borglet.runtime.container.TaskUids;
import borgcell.trust.MutualTls;
import borgcell.trust.TlsFiles;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one Borglet as the life of this JVM (what `borg borglet` calls), or beside others in
 * one JVM ({@link #start}: what `borg up` does). The shutdown hook is what keeps SIGTERM or
 * Ctrl-C of the Borglet from leaving its tasks running.
 */
public final class BorgletProcess {

    private static final Logger log = LoggerFactory.getLogger(BorgletProcess.class);

    private BorgletProcess() {}

    /** A started Borglet and its HTTP server; closing it kills its tasks and stops both. */
    public static final class Running implements AutoCloseable {
        private final Borglet borglet;
        private final BorgletHttpServer http;

        private Running(Borglet borglet, BorgletHttpServer http) {
            this.borglet = borglet;
            this.http = http;
        }

        public Borglet borglet() {
            return borglet;
        }

        /** Blocks until {@link #close} (from another thread) has finished. */
        public void awaitClosed() throws InterruptedException {
            borglet.awaitClosed();
        }

        @Override
        public void close() {
            borglet.close();
            if (http != null) {
                http.close();
            }
        }
    }

    /** Builds a Borglet with the runtimes that work here, starts it, and blocks until shutdown. */
    public static void runUntilShutdown(BorgletConfig config) {
        runUntilShutdown(config, -1);
    }

    /**
     * As above, with metrics and task logs served at {@code http://HOST:httpPort} (HOST is the
     * Borglet's address; HTTPS with {@code tls} below); a negative port serves none.
     */
    public static void runUntilShutdown(BorgletConfig config, int httpPort) {
        runUntilShutdown(config, httpPort, borgcell.borglet.vmm.Platforms.AUTO, TaskUids.DEFAULT, Optional.empty());
    }

    /** As {@link #start}, for the life of this JVM: until SIGTERM or Ctrl-C, which stop it and its tasks. */
    public static void runUntilShutdown(BorgletConfig config, int httpPort, String vmmPlatform, TaskUids taskUids,
                                        Optional<TlsFiles> tls) {
        Running running = start(config, httpPort, vmmPlatform, taskUids, tls);
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, "borglet-shutdown"));
        try {
            running.awaitClosed();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.close();
        }
    }

    /**
     * Builds a Borglet with the runtimes that work here and starts it: with the microVM platform
     * {@code vmmPlatform} (auto, kvm or ptrace) and the user ids containers run as; with
     * {@code tls} (this machine's certificate and the cell's CA) it calls the masters over mutual
     * TLS, and plaintext without. Metrics and task logs are served at {@code httpPort} (none when
     * negative).
     */
    public static Running start(BorgletConfig config, int httpPort, String vmmPlatform, TaskUids taskUids,
                                Optional<TlsFiles> tls) {
        Optional<MutualTls> mutualTls = tls.map(files -> MutualTls.of(files, MutualTls.RELOAD_EVERY));
        ChannelCredentials credentials = mutualTls.map(MutualTls::client).orElseGet(InsecureChannelCredentials::create);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // The server starts first, so that registration can tell the cell where our logs are.
        AtomicReference<Borglet> started = new AtomicReference<>();
        BorgletHttpServer http = httpPort < 0 ? null
                : new BorgletHttpServer(new InetSocketAddress(config.address(), httpPort), registry,
                        () -> started.get() != null && started.get().isRegistered(),
                        new LogFiles(config.workDir().resolve("tasks")), mutualTls);
        String httpAddress = http == null ? "" : http.url(config.address());
        Borglet borglet = new Borglet(config, BorgletMetrics.metered(Borglet.defaultRuntimes(config.workDir(), vmmPlatform, taskUids), registry),
                httpAddress, credentials);
        started.set(borglet);
        BorgletMetrics.bind(borglet, registry);
        borglet.start();
        log.info("borglet {} running; masters {}", config.machineId(), config.masters());
        return new Running(borglet, http);
    }
}
