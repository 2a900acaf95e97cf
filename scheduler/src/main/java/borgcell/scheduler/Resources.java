package borgcell.scheduler;

import java.util.Objects;

/**
 * An amount of machine resources: cpu in millicores, ram and disk in bytes, and a count of
 * ports. Values may go negative through {@link #minus} (a machine whose reported use exceeds
 * its capacity); requests and capacities are checked for that where they are built.
 */
public record Resources(long cpuMillis, long ramBytes, long diskBytes, int ports) {

    public static final Resources ZERO = new Resources(0, 0, 0, 0);

    public Resources plus(Resources o) {
        Objects.requireNonNull(o, "o");
        return new Resources(cpuMillis + o.cpuMillis, ramBytes + o.ramBytes,
                diskBytes + o.diskBytes, ports + o.ports);
    }

    public Resources minus(Resources o) {
        Objects.requireNonNull(o, "o");
        return new Resources(cpuMillis - o.cpuMillis, ramBytes - o.ramBytes,
                diskBytes - o.diskBytes, ports - o.ports);
    }

    /** True when every dimension of this is at most the same dimension of {@code available}. */
    public boolean fitsIn(Resources available) {
        Objects.requireNonNull(available, "available");
        for (int i = 0; i < Dimension.ALL.size(); i++) {
            Dimension d = Dimension.ALL.get(i);
            if (d.amountIn(this) > d.amountIn(available)) {
                return false;
            }
        }
        return true;
    }

    /** True when no dimension is negative. */
    public boolean isNonNegative() {
        return cpuMillis >= 0 && ramBytes >= 0 && diskBytes >= 0 && ports >= 0;
    }
}
