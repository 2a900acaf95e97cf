package borgcell.cell;

import borgcell.api.v1.JobSpec;
import borgcell.api.v1.Quota;
import borgcell.api.v1.Resources;
import borgcell.scheduler.PriorityBand;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The quotas the cell holds, per user and band, in a canonical order (snapshots stay
 * byte-identical), and their two rules: a job is admitted only if what its user holds in its
 * band plus what it asks fits the quota, and production quotas together may not promise more
 * than the cell has. What a user holds and what the cell has are the cell's to say.
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

    /**
     * Throws RESOURCE_EXHAUSTED, with the numbers, when {@code spec} would take its user past
     * the quota of its band; {@code usedInBand} (by band label) is asked only when there is one.
     */
    void admit(JobSpec spec, Function<String, Resources> usedInBand) {
        String band = PriorityBand.of(spec.getPriority()).label();
        Optional<Quota> quota = get(spec.getUser(), band);
        if (quota.isEmpty()) {
            return; // no quota set for this user and band: not limited
        }
        Resources used = usedInBand.apply(band);
        Resources one = spec.getTask().getResources();
        long askedCpu = one.getCpuMillis() * spec.getTaskCount();
        long askedRam = one.getRamBytes() * spec.getTaskCount();
        Quota q = quota.get();
        List<String> over = new ArrayList<>();
        if (used.getCpuMillis() + askedCpu > q.getCpuMillis()) {
            over.add("cpu " + used.getCpuMillis() + "m in use + " + askedCpu + "m asked > quota " + q.getCpuMillis() + "m");
        }
        if (used.getRamBytes() + askedRam > q.getRamBytes()) {
            over.add("ram " + used.getRamBytes() + " B in use + " + askedRam + " B asked > quota " + q.getRamBytes() + " B");
        }
        if (!over.isEmpty()) {
            throw CellError.resourceExhausted("quota exceeded for user " + spec.getUser() + " in band " + band + ": "
                    + String.join("; ", over));
        }
    }

    /** Checks and sets {@code q}; a production quota must leave all of them within {@code upCapacity}. */
    void set(Quota q, Resources upCapacity) {
        validate(q);
        if (q.getBand().equals(PriorityBand.PRODUCTION.label())) {
            // Production is promised: its quotas together may not promise more than the cell has.
            long cpu = q.getCpuMillis();
            long ram = q.getRamBytes();
            for (Quota other : all()) {
                if (other.getBand().equals(q.getBand()) && !other.getUser().equals(q.getUser())) {
                    cpu += other.getCpuMillis();
                    ram += other.getRamBytes();
                }
            }
            if (cpu > upCapacity.getCpuMillis() || ram > upCapacity.getRamBytes()) {
                throw CellError.failedPrecondition("production quotas would total cpu " + cpu + "m and ram " + ram
                        + " B, more than the cell's capacity of cpu " + upCapacity.getCpuMillis() + "m and ram "
                        + upCapacity.getRamBytes() + " B");
            }
        }
        put(q);
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
