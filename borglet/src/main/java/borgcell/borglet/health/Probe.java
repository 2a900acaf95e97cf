package borgcell.borglet.health;

import java.time.Duration;

/**
 * One way of asking a running task whether it is well. A probe blocks its (virtual) thread
 * and must give up by itself within its timeout: it answers a failure then, never hangs.
 */
@FunctionalInterface
public interface Probe {

    ProbeResult run(Duration timeout) throws InterruptedException;
}
