package borgcell.faults.campaign;

import java.time.Instant;

/**
 * Turns the campaign's {@link System#nanoTime} instants into epoch microseconds, the clock the
 * tasks stamp the ledger with (same host, so one offset taken at the start is enough).
 */
record Clock(long startNanos, long startEpochMicros) {

    static Clock now() {
        Instant wall = Instant.now();
        long nanos = System.nanoTime();
        return new Clock(nanos, wall.getEpochSecond() * 1_000_000 + wall.getNano() / 1000);
    }

    long epochMicros(long nanos) {
        return startEpochMicros + (nanos - startNanos) / 1000;
    }

    /** Seconds since the start, for the log. */
    String at(long nanos) {
        return String.format("%7.1f s", (nanos - startNanos) / 1e9);
    }
}
