package borgcell.cli.local;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Where a cell run in this JVM logs: every replica's and Borglet's lines in one file,
 * {@code DIR/logs/cell.log} ({@code logback-cell.xml}), each with its thread, which names the
 * daemon where one does ({@code r1@group-...}, {@code borglet-m2}, {@code http-nio-PORT-...}).
 * One file, in order, is what a failover is read from; a per-daemon split could only guess for
 * the threads the daemons share (gRPC's transport threads serve all five replicas).
 */
final class CellLog {
    static final String FILE = "cell.log";
    private static final String CONFIGURATION = "/borgcell/cli/logback-cell.xml";
    /** Spring Boot's switch for its logging system: "none" leaves logback as configured here. */
    private static final String SPRING_LOGGING_SYSTEM = "org.springframework.boot.logging.LoggingSystem";

    private CellLog() {}

    /**
     * Sends this JVM's logging to {@code file} from now on. Spring Boot would set up logging
     * again with each replica's context (a global reset, five times); it is told not to.
     */
    static void sendTo(Path file) {
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file.getParent(), e);
        }
        System.setProperty(SPRING_LOGGING_SYSTEM, "none");
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // another logging backend: leave it as it is
        }
        context.reset();
        context.putProperty("borg.cell.log", file.toString());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(CellLog.class.getResource(CONFIGURATION));
        } catch (JoranException e) {
            throw new IllegalStateException("cannot configure logging from " + CONFIGURATION, e);
        }
        // Tomcat and gRPC log through java.util.logging, to stderr by default: into the file too,
        // as Spring Boot's own logging system would have done.
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }
}
