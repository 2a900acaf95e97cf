package borgcell.faults.check;

import java.util.Optional;

/**
 * A line a campaign task writes to the shared ledger each second it runs:
 * {@code beat JOB INDEX ATTEMPT MACHINE EPOCH_MICROS}. What the task did, not what the cell says.
 */
public record Beat(String job, int index, int attempt, String machine, long epochMicros) {

    public static Optional<Beat> parse(String line) {
        String[] f = line.strip().split(" ");
        if (f.length != 6 || !f[0].equals("beat")) {
            return Optional.empty(); // a line torn by a kill: nothing to learn from it
        }
        try {
            return Optional.of(new Beat(f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]), f[4], Long.parseLong(f[5])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    String task() {
        return job + "/" + index;
    }
}
