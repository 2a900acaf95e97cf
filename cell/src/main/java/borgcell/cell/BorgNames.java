package borgcell.cell;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The cell's DNS names (Borg's BNS), written and read in one place so that the names the API
 * hands out are the names the DNS server answers:
 *
 * <pre>
 * INDEX.JOB.USER.CELL.borg            A: the machine of task INDEX (while it is ready)
 * _NAME._tcp.JOB.USER.CELL.borg       SRV: one per ready task, on its port named NAME
 * </pre>
 *
 * <p>Labels are case-insensitive, as in all of DNS: names are written and compared in lower case.
 * A job whose user is not a DNS label (a '.' in it, say) has no names.
 */
public final class BorgNames {
    /** The top of every cell's names: a cell {@code local} answers for {@code local.borg}. */
    public static final String ROOT = "borg";
    /** A label as it appears in names: letters, digits, '-' and '_', 1-63, not starting or ending with '-'. */
    private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([-a-z0-9_]{0,61}[a-z0-9_])?");
    private static final Pattern INDEX = Pattern.compile("0|[1-9][0-9]{0,5}");
    private static final String TCP = "_tcp";

    private BorgNames() {}

    /** A cell's name is a label too: it is the zone's first label. */
    public static boolean isCellName(String cell) {
        return JobSpecContract.NAME.matcher(cell).matches();
    }

    /** {@code CELL.borg}: the zone a cell's replicas answer for. */
    public static String zone(String cell) {
        return cell + "." + ROOT;
    }

    /** The user as a label, when it can be one. */
    public static Optional<String> userLabel(String user) {
        String lower = user.toLowerCase(Locale.ROOT);
        return LABEL.matcher(lower).matches() ? Optional.of(lower) : Optional.empty();
    }

    /** {@code INDEX.JOB.USER.CELL.borg}, or empty when the user cannot be a label. */
    public static Optional<String> task(int index, String job, String user, String cell) {
        return userLabel(user).map(u -> index + "." + job + "." + u + "." + zone(cell));
    }

    /** {@code _PORT._tcp.JOB.USER.CELL.borg}, or empty when the user cannot be a label. */
    public static Optional<String> service(String port, String job, String user, String cell) {
        return userLabel(user).map(u -> "_" + port + "." + TCP + "." + job + "." + u + "." + zone(cell));
    }

    /** What a name below a cell's zone names. */
    public sealed interface Name {
        /** The zone itself, {@code CELL.borg}. */
        record Zone() implements Name {}

        /**
         * {@code USER.CELL.borg} (job ""), {@code JOB.USER.CELL.borg}, {@code _tcp.JOB.USER.CELL.borg}:
         * names with no records of their own that lead to others.
         */
        record Branch(String job, String user) implements Name {}

        record Task(int index, String job, String user) implements Name {}

        record Service(String port, String job, String user) implements Name {}

        /** Not a name of this scheme at all. */
        record None() implements Name {}
    }

    /**
     * Reads a name below the zone.
     *
     * @param labels the name's labels left of {@code CELL.borg}, leftmost first, in lower case
     *     ({@code ["0", "web", "alice"]} for {@code 0.web.alice.CELL.borg})
     */
    public static Name parse(List<String> labels) {
        int n = labels.size();
        if (n == 0) {
            return new Name.Zone();
        }
        String user = labels.get(n - 1);
        if (!LABEL.matcher(user).matches()) {
            return new Name.None();
        }
        if (n == 1) {
            return new Name.Branch("", user);
        }
        String job = labels.get(n - 2);
        if (!JobSpecContract.NAME.matcher(job).matches()) {
            return new Name.None();
        }
        if (n == 2) {
            return new Name.Branch(job, user);
        }
        String third = labels.get(n - 3);
        if (n == 3 && third.equals(TCP)) {
            return new Name.Branch(job, user);
        }
        if (n == 3 && INDEX.matcher(third).matches()) {
            return new Name.Task(Integer.parseInt(third), job, user);
        }
        String port = labels.getFirst();
        if (n == 4 && third.equals(TCP) && port.startsWith("_")
                && JobSpecContract.PORT_NAME.matcher(port.substring(1)).matches()) {
            return new Name.Service(port.substring(1), job, user);
        }
        return new Name.None();
    }
}
