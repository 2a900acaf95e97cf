package borgcell.scheduler;

import java.util.List;

/**
 * One dimension of {@link Resources}, named the way "why pending" messages name it. The
 * declaration order is the order in which a shortfall is reported.
 */
public enum Dimension {
    CPU("cpu"), RAM("ram"), DISK("disk"), PORTS("ports");

    /** All dimensions in declaration order; unlike {@code values()}, not a fresh array per call. */
    public static final List<Dimension> ALL = List.of(values());

    private final String label;

    Dimension(String label) {
        this.label = label;
    }

    /** The word users read in "insufficient ram". */
    public String label() {
        return label;
    }

    public long amountIn(Resources r) {
        return switch (this) {
            case CPU -> r.cpuMillis();
            case RAM -> r.ramBytes();
            case DISK -> r.diskBytes();
            case PORTS -> r.ports();
        };
    }
}
