package borgcell.master.api;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work queued by many threads and handled by one, a batch at a time: whatever has queued up
 * while the last batch was handled, at most {@code maxBatch}. The leader takes heartbeats so:
 * gRPC's threads only queue them, and one thread reads the cell once per batch. Thousands of
 * heartbeats a second would otherwise be thousands of threads queueing for the state
 * machine's lock (a 10,000-machine benchmark saw 2,300 threads on the leader), each one
 * costing a wake-up, a stack for the garbage collector to scan, and a turn at the lock.
 */
final class Batches<T> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Batches.class);

    private final LinkedBlockingQueue<T> queue = new LinkedBlockingQueue<>();
    private final int maxBatch;
    private final Consumer<List<T>> handler;
    private final Thread worker;
    private volatile boolean closed;

    Batches(String name, int maxBatch, Consumer<List<T>> handler) {
        this.maxBatch = maxBatch;
        this.handler = handler;
        this.worker = Thread.ofPlatform().name(name).daemon().start(this::run);
    }

    void add(T item) {
        queue.add(item);
    }

    /** Items waiting (for tests and metrics). */
    int waiting() {
        return queue.size();
    }

    private void run() {
        List<T> batch = new ArrayList<>(maxBatch);
        while (!closed) {
            try {
                T first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                handler.accept(batch);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // One bad batch must not stop the leader from taking heartbeats.
                log.error("a batch of {} failed", batch.size(), e);
            } finally {
                batch.clear();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        worker.interrupt();
    }
}
