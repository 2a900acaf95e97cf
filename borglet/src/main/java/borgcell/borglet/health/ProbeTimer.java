package borgcell.borglet.health;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one timer every check of every Borglet in this JVM shares: a single daemon thread that
 * only says when a probe is due. Probes themselves run on virtual threads, so a slow one never
 * delays another's turn, and a machine with a thousand checked tasks still has one timer thread.
 */
final class ProbeTimer {

    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private ProbeTimer() {}

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("borglet-health-timer").daemon().factory());
        // A stopped check's next probe leaves the queue at once, not when it would have been due.
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /** Runs {@code due} once after {@code delay}; it must hand real work to another thread. */
    static ScheduledFuture<?> after(Duration delay, Runnable due) {
        return TIMER.schedule(due, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
    }
}
