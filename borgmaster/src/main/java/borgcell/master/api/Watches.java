package borgcell.master.api;

import io.grpc.stub.ServerCallStreamObserver;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Server streams fed from the replica's applied state (WatchJob, WatchEndpoints): one timer
 * looks at every watch every 100 ms, and at a new one at once, until its look says it is over,
 * its client is gone, or the replica closes.
 *
 * <p>No cancel handler is set: gRPC takes one only before the service method returns, and a
 * watch starts after a read of the job completes; a client gone is seen by {@code isCancelled}
 * on the next look instead.
 */
final class Watches implements AutoCloseable {
    /** One look at what a watch follows: sends what changed, and answers whether the stream is over. */
    @FunctionalInterface
    interface Look {
        boolean sendChangesAndSayIfOver();
    }

    private record Watch(ServerCallStreamObserver<?> out, Look look) {}

    private final Map<Object, Watch> watches = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    Watches(String threadName) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> watches.forEach(this::look), 100, 100, TimeUnit.MILLISECONDS);
    }

    void add(ServerCallStreamObserver<?> out, Look look) {
        Object key = new Object();
        Watch watch = new Watch(out, look);
        watches.put(key, watch);
        timer.execute(() -> look(key, watch));
    }

    private void look(Object key, Watch w) {
        try {
            if (w.out().isCancelled()) {
                watches.remove(key);
            } else if (w.look().sendChangesAndSayIfOver() && watches.remove(key) != null) {
                w.out().onCompleted();
            }
        } catch (RuntimeException e) {
            watches.remove(key); // the client went away mid-send, or the stream broke: nothing more to send
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        for (Watch w : watches.values()) {
            try {
                w.out().onCompleted();
            } catch (RuntimeException ignored) {
                // client already gone
            }
        }
        watches.clear();
    }
}
