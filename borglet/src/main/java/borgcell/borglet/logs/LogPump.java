package borgcell.borglet.logs;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Copies a task's output pipe into its rotating log, on a virtual thread, until the pipe closes. */
public final class LogPump {
    private static final Logger log = LoggerFactory.getLogger(LogPump.class);

    private LogPump() {}

    /** @return completes once the pipe is drained and the log closed */
    public static CompletableFuture<Void> start(InputStream pipe, RotatingLog target, String name) {
        CompletableFuture<Void> drained = new CompletableFuture<>();
        Thread.ofVirtual().name("log-pump-" + name).start(() -> {
            byte[] buffer = new byte[8192];
            try (pipe; target) {
                for (int n; (n = pipe.read(buffer)) >= 0; ) {
                    target.write(buffer, 0, n);
                }
            } catch (IOException e) {
                log.debug("log pump {} stopped: {}", name, e.toString());
            } finally {
                drained.complete(null);
            }
        });
        return drained;
    }
}
