package borgcell.scheduler;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Amounts as "why pending" prints them: cpu in cores, ram and disk in GiB (MiB below one
 * GiB), ports as a count. Always rounded down, so "would fit with ram <= 3.5 GiB" stays true.
 */
public final class AmountFormat {

    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;

    private AmountFormat() {
    }

    public static String format(Dimension d, long amount) {
        return switch (d) {
            case CPU -> decimal(amount, 1000, 3);
            case RAM, DISK -> amount >= GIB ? decimal(amount, GIB, 1) + " GiB" : Math.max(0, amount / MIB) + " MiB";
            case PORTS -> Long.toString(amount);
        };
    }

    /** {@code amount / unit}, rounded down to at most {@code places} decimals, without trailing zeros. */
    private static String decimal(long amount, long unit, int places) {
        return BigDecimal.valueOf(amount).divide(BigDecimal.valueOf(unit), places, RoundingMode.FLOOR)
                .stripTrailingZeros().toPlainString();
    }
}
