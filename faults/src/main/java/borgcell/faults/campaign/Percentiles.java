package borgcell.faults.campaign;

import java.util.List;

/** Nearest-rank percentiles of a few dozen samples; -1 when there are none. */
final class Percentiles {
    private Percentiles() {}

    static long of(List<Long> samples, double percentile) {
        if (samples.isEmpty()) {
            return -1;
        }
        List<Long> sorted = samples.stream().sorted().toList();
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
        return sorted.get(Math.min(sorted.size() - 1, Math.max(0, rank - 1)));
    }
}
