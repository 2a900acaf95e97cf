package borgcell.master.leader;

import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Notices when this process stood still (a long garbage collection, a host that gave it no CPU):
 * a thread that sleeps briefly and measures how late it wakes. While the process stood still
 * no heartbeat could be noted, so {@link Liveness} forgives that time: a leader that could not
 * listen must not blame the machines for its silence. The same idea as Ratis'
 * {@code JvmPauseMonitor}, which only logs.
 */
final class StallWatch implements AutoCloseable {
    static final long PULSE_MILLIS = 50;
    /** Wakes later than this are stalls; shorter ones are ordinary scheduling noise. */
    static final long STALL_MILLIS = 250;

    private final Thread thread;
    private volatile boolean closed;

    StallWatch(String name, LongConsumer onStall) {
        thread = Thread.ofPlatform().name(name).daemon().start(() -> {
            long last = System.nanoTime();
            while (!closed) {
                try {
                    Thread.sleep(PULSE_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                long now = System.nanoTime();
                long late = TimeUnit.NANOSECONDS.toMillis(now - last) - PULSE_MILLIS;
                last = now;
                if (late > STALL_MILLIS) {
                    onStall.accept(late);
                }
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
