package borgcell.sim;

import java.util.Arrays;

/** Nearest-rank percentiles of the benchmark's and the simulation's samples. */
public final class Percentile {
    private Percentile() {}

    /** @param p between 0 and 1; 0 for no samples */
    public static double of(double[] values, double p) {
        if (values.length == 0) {
            return 0;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.clamp(rank, 0, sorted.length - 1)];
    }
}
