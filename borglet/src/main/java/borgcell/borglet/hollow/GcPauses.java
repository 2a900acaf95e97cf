package borgcell.borglet.hollow;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The collections of this JVM, as intervals of {@link System#nanoTime}: the measuring side's
 * own pauses. Ten thousand hollow Borglets share one JVM, so one of its collections stops every
 * heartbeat in flight at once, and the round trips then recorded include time the cell did not
 * spend; a real Borglet pauses alone. Knowing when this JVM stood still lets a bench say which
 * samples its own pause covered. Thread-safe.
 */
public final class GcPauses implements AutoCloseable {
    /** One collection, in nanoTime; widened by the millisecond the JVM reports it in. */
    public record Pause(long startNanos, long endNanos) {
        boolean overlaps(long from, long to) {
            return startNanos <= to && from <= endNanos;
        }

        public double millis() {
            return (endNanos - startNanos) / 1e6;
        }
    }

    private static final long MILLI = 1_000_000L;
    private final long jvmStartNanos =
            System.nanoTime() - ManagementFactory.getRuntimeMXBean().getUptime() * MILLI;
    private final List<Pause> pauses = new ArrayList<>();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::collected;

    /** Starts listening to every collector of this JVM. */
    public GcPauses() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
    }

    private void collected(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo();
        Pause p = new Pause(jvmStartNanos + (info.getStartTime() - 1) * MILLI, jvmStartNanos + (info.getEndTime() + 1) * MILLI);
        synchronized (this) {
            pauses.add(p);
        }
    }

    /** The pauses that ended after {@code sinceNanos}. */
    public synchronized List<Pause> since(long sinceNanos) {
        return pauses.stream().filter(p -> p.endNanos() >= sinceNanos).toList();
    }

    @Override
    public void close() {
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(listener);
            } catch (javax.management.ListenerNotFoundException ignored) {
                // never added to this one
            }
        }
    }
}
