package borgcell.borglet.runtime.container;

/**
 * The range of unprivileged user ids a Borglet runs containers as: no account on the host
 * should use it, and it never reaches root or the system accounts. Each Borglet on one host
 * needs a range of its own, or two cell users on two Borglets could share an id.
 *
 * @param first the lowest id
 * @param count how many ids, from {@code first} on
 */
public record TaskUids(int first, int count) {
    /** Above the ids of Debian's accounts and below the ranges container engines give out. */
    public static final TaskUids DEFAULT = new TaskUids(200_000, 10_000);
    private static final int FIRST_UNPRIVILEGED = 1_000;

    public TaskUids {
        if (first < FIRST_UNPRIVILEGED || count < 1 || (long) first + count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("task uids must be an unprivileged range (ids from " + FIRST_UNPRIVILEGED
                    + " up): first " + first + ", count " + count);
        }
    }

    /** {@code "200000-209999"}: the first and the last id, both included. */
    public static TaskUids parse(String text) {
        String[] ends = text.strip().split("-", -1);
        if (ends.length != 2) {
            throw new IllegalArgumentException("task uids: '" + text + "' is not FIRST-LAST, like 200000-209999");
        }
        long first;
        long last;
        try {
            first = Long.parseLong(ends[0].strip());
            last = Long.parseLong(ends[1].strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("task uids: '" + text + "' is not FIRST-LAST, like 200000-209999");
        }
        if (last < first || first > Integer.MAX_VALUE || last >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException("task uids: '" + text + "' is not a range of user ids (FIRST <= LAST)");
        }
        return new TaskUids((int) first, (int) (last - first + 1));
    }

    public int last() {
        return first + count - 1;
    }

    @Override
    public String toString() {
        return first + "-" + last();
    }
}
