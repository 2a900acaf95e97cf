package borgcell.cell;

import borgcell.api.v1.Quota;
import borgcell.scheduler.PriorityBand;
import java.util.Arrays;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The quotas the cell holds, per user and band, in a canonical order (snapshots stay
 * byte-identical). Admission itself is the cell's: it knows what each user holds.
 */
final class Quotas {
    static final Set<String> BANDS = Arrays.stream(PriorityBand.values()).map(PriorityBand::label)
            .collect(Collectors.toUnmodifiableSet());
    private final TreeMap<String, Quota> byKey = new TreeMap<>();

    private static String key(String user, String band) {
        return user + "\u0000" + band;
    }

    Optional<Quota> get(String user, String band) {
        return Optional.ofNullable(byKey.get(key(user, band)));
    }

    void put(Quota q) {
        byKey.put(key(q.getUser(), q.getBand()), q);
    }

    Collection<Quota> all() {
        return byKey.values();
    }

    static void validate(Quota q) {
        if (q.getUser().isBlank() || q.getUser().length() > 64) {
            throw CellError.invalid("user: must be 1-64 characters");
        }
        if (!BANDS.contains(q.getBand())) {
            throw CellError.invalid("band: must be one of " + BANDS.stream().sorted().toList() + " (got \""
                    + q.getBand() + "\")");
        }
        if (q.getCpuMillis() < 0 || q.getRamBytes() < 0) {
            throw CellError.invalid("quota: cpu_millis and ram_bytes must be >= 0 (got " + q.getCpuMillis() + ", "
                    + q.getRamBytes() + ")");
        }
    }
}
