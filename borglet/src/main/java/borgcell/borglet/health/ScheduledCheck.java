package borgcell.borglet.health;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One check of one run of a task, on its schedule: the first probe after the initial delay,
 * then one every interval (from start to start; a probe that runs long is never overlapped,
 * the next follows it at once). Each probe runs on a virtual thread of its own that lives as
 * long as the probe. Whoever listens hears only transitions of the {@link CheckState}, in order.
 */
final class ScheduledCheck {

    private static final Logger log = LoggerFactory.getLogger(ScheduledCheck.class);

    private final String name;
    private final Probe probe;
    private final CheckSettings settings;
    private final Consumer<CheckState.Verdict> onTurn;
    private final CheckState state;

    // Guarded by this.
    private ScheduledFuture<?> next;
    private boolean stopped;

    /**
     * @param name for logs and threads: "web/0#1 readiness"
     * @param onTurn called, on the probe's thread, each time the check turns passing or failing
     */
    ScheduledCheck(String name, Probe probe, CheckSettings settings, Consumer<CheckState.Verdict> onTurn) {
        this.name = name;
        this.probe = probe;
        this.settings = settings;
        this.onTurn = onTurn;
        this.state = new CheckState(settings.failureThreshold(), settings.successThreshold());
    }

    synchronized void start() {
        if (!stopped && next == null) {
            next = ProbeTimer.after(settings.initialDelay(), this::due);
        }
    }

    /** No probe starts after this; one in flight finishes, and its result is dropped. */
    synchronized void stop() {
        stopped = true;
        if (next != null) {
            next.cancel(false);
        }
    }

    /** On the timer's thread: hand the probe to a thread of its own at once. */
    private void due() {
        synchronized (this) {
            if (stopped) {
                return;
            }
        }
        Thread.ofVirtual().name("probe " + name).start(this::probeOnce);
    }

    private void probeOnce() {
        long started = System.nanoTime();
        ProbeResult result;
        try {
            result = probe.run(settings.timeout());
        } catch (InterruptedException e) {
            return; // the Borglet is going away
        } catch (RuntimeException e) {
            log.warn("{}: probe failed unexpectedly", name, e);
            result = ProbeResult.fail("probe error: " + e);
        }
        CheckState.Verdict turned = null;
        synchronized (this) {
            if (stopped) {
                return;
            }
            if (state.record(result)) {
                turned = state.verdict();
            }
        }
        if (turned != null) {
            log.info("{} {}: {}", name, turned.status() == CheckState.Status.PASSING ? "passes" : "fails", turned.reason());
            // Outside the lock: the listener may kill the task, whose end stops this check.
            onTurn.accept(turned);
        }
        synchronized (this) {
            // Only now: the next probe cannot overlap this one, nor its turn overtake this one's.
            if (!stopped) {
                next = ProbeTimer.after(settings.interval().minus(Duration.ofNanos(System.nanoTime() - started)), this::due);
            }
        }
    }
}
