package borgcell.cli.bench.write;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * N clients, each a thread writing one write at a time, the next as soon as the last was
 * acknowledged (a closed loop, as users behind a service are): first for a warm-up, whose
 * writes are not counted, then for the measured window. A write counts when it completes in
 * the window; one that fails is an error, and its client waits a little before the next, so a
 * store that refuses everything is not hammered.
 */
final class ClosedLoop {

    /** One acknowledged write, named by its round, client and sequence; throws when it failed. */
    @FunctionalInterface
    interface Write {
        void write(int client, long sequence) throws Exception;
    }

    /**
     * What the clients measured: each counted write's latency in nanoseconds, the errors in the
     * window, and the first error's message (null when none).
     */
    record Sample(int clients, long[] latencyNanos, long errors, String firstError, Duration window) {}

    private static final Duration BACKOFF_AFTER_ERROR = Duration.ofMillis(50);

    private ClosedLoop() {}

    /**
     * Runs the clients through the warm-up and the window, and calls {@code atWindowStart} on
     * this thread as the window opens (while the clients go on writing).
     */
    static Sample run(int clients, Duration warmup, Duration window, Write write, Runnable atWindowStart)
            throws InterruptedException {
        long measureFrom = System.nanoTime() + warmup.toNanos();
        long measureTo = measureFrom + window.toNanos();
        Client[] each = new Client[clients];
        AtomicReference<String> firstError = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>(clients);
        for (int i = 0; i < clients; i++) {
            Client client = new Client(i, write, measureFrom, measureTo, firstError);
            each[i] = client;
            threads.add(Thread.ofPlatform().name("bench-client-" + i).daemon(true).start(client));
        }
        long untilWindow = measureFrom - System.nanoTime();
        if (untilWindow > 0) {
            Thread.sleep(Duration.ofNanos(untilWindow));
        }
        atWindowStart.run();
        for (Thread thread : threads) {
            thread.join();
        }
        long errors = 0;
        int count = 0;
        for (Client client : each) {
            errors += client.errors;
            count += client.count;
        }
        long[] latencies = new long[count];
        int at = 0;
        for (Client client : each) {
            System.arraycopy(client.latencies, 0, latencies, at, client.count);
            at += client.count;
        }
        return new Sample(clients, latencies, errors, firstError.get(), window);
    }

    /** One client's loop and what it counted; read only after its thread ended. */
    private static final class Client implements Runnable {
        private final int id;
        private final Write write;
        private final long measureFrom;
        private final long measureTo;
        private final AtomicReference<String> firstError;
        private long[] latencies = new long[1024];
        private int count;
        private long errors;

        Client(int id, Write write, long measureFrom, long measureTo, AtomicReference<String> firstError) {
            this.id = id;
            this.write = write;
            this.measureFrom = measureFrom;
            this.measureTo = measureTo;
            this.firstError = firstError;
        }

        @Override
        public void run() {
            long sequence = 0;
            while (System.nanoTime() < measureTo) {
                long started = System.nanoTime();
                Exception failure = null;
                try {
                    write.write(id, sequence++);
                } catch (Exception e) {
                    failure = e;
                }
                long ended = System.nanoTime();
                boolean counted = ended >= measureFrom && ended <= measureTo;
                if (failure == null) {
                    if (counted) {
                        record(ended - started);
                    }
                    continue;
                }
                if (counted) {
                    errors++;
                    firstError.compareAndSet(null, failure.getMessage() == null ? failure.toString() : failure.getMessage());
                }
                pause();
            }
        }

        private void record(long nanos) {
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = nanos;
        }

        private static void pause() {
            try {
                Thread.sleep(BACKOFF_AFTER_ERROR);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
