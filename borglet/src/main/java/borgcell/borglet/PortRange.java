package borgcell.borglet;

/**
 * The host ports the cell may give this machine's tasks ({@code --port-range}): the cell picks
 * each task's ports from it, and the machine offers its size as {@code capacity.ports}. Each
 * Borglet on one host needs a range of its own, or two machines would hand out the same port.
 *
 * @param first the lowest port, 1024 or above (below are the host's privileged services)
 * @param last the highest port, included
 */
public record PortRange(int first, int last) {
    /**
     * 1000 ports below Linux's ephemeral range (32768-60999, where the kernel picks the local
     * ports of outgoing connections) and outside Kubernetes' NodePorts (30000-32767). Written
     * out for {@code --port-range}'s default, which must be a constant.
     */
    public static final String DEFAULT_TEXT = "20000-20999";
    public static final PortRange DEFAULT = parse(DEFAULT_TEXT);
    private static final int FIRST_UNPRIVILEGED = 1024;
    private static final int LAST_PORT = 65535;

    public PortRange {
        if (first < FIRST_UNPRIVILEGED || last > LAST_PORT || first > last) {
            throw new IllegalArgumentException("port range must be " + FIRST_UNPRIVILEGED + " <= FIRST <= LAST <= "
                    + LAST_PORT + " (got " + first + "-" + last + ")");
        }
    }

    /** {@code "20000-20999"}: the first and the last port, both included. */
    public static PortRange parse(String text) {
        String[] ends = text.strip().split("-", -1);
        try {
            if (ends.length == 2) {
                return new PortRange(Integer.parseInt(ends[0].strip()), Integer.parseInt(ends[1].strip()));
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("port range '" + text + "' is not FIRST-LAST, like " + DEFAULT);
    }

    public int count() {
        return last - first + 1;
    }

    @Override
    public String toString() {
        return first + "-" + last;
    }
}
