package borgcell.borglet;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Growing delays between registration rounds, with jitter so that a thousand Borglets
 * restarted together do not knock on the masters in step.
 */
final class Backoff {

    private final Duration first;
    private final Duration max;
    private Duration next;

    Backoff(Duration first, Duration max) {
        this.first = first;
        this.max = max;
        this.next = first;
    }

    /** The delay to wait now; the one after will be twice as long, up to max. */
    Duration next() {
        Duration now = next;
        next = now.multipliedBy(2).compareTo(max) > 0 ? max : now.multipliedBy(2);
        long jitter = now.toMillis() / 5;
        long millis = now.toMillis() + (jitter > 0 ? ThreadLocalRandom.current().nextLong(-jitter, jitter + 1) : 0);
        return Duration.ofMillis(Math.max(1, millis));
    }

    void reset() {
        next = first;
    }
}
