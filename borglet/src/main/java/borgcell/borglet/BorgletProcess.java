package borgcell.borglet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one Borglet as the life of this JVM (what `borg borglet` calls). The shutdown hook is
 * what keeps SIGTERM or Ctrl-C of the Borglet from leaving its tasks running.
 */
public final class BorgletProcess {

    private static final Logger log = LoggerFactory.getLogger(BorgletProcess.class);

    private BorgletProcess() {}

    /** Builds a Borglet with the runtimes that work here, starts it, and blocks until shutdown. */
    public static void runUntilShutdown(BorgletConfig config) {
        Borglet borglet = new Borglet(config, Borglet.defaultRuntimes(config.workDir()));
        Runtime.getRuntime().addShutdownHook(new Thread(borglet::close, "borglet-shutdown"));
        borglet.start();
        log.info("borglet {} running; masters {}", config.machineId(), config.masters());
        try {
            borglet.awaitClosed();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            borglet.close();
        }
    }
}
