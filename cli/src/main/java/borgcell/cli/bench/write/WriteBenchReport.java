package borgcell.cli.bench.write;

import borgcell.cli.output.Table;
import borgcell.sim.JsonLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code borg bench write} prints: how it ran, a table of both sides per concurrency with
 * their ratios, where the project's targets stand, then one JSON line of the same figures.
 */
record WriteBenchReport(Setup setup, List<RoundFigures> rounds) {

    /** The figures the project must reach (issue 12), read from the rounds of 1 and of 64 clients. */
    static final double P50_RATIO_TARGET_ONE_CLIENT = 1.0;
    static final double WRITES_RATIO_TARGET_64_CLIENTS = 2.0;

    /**
     * How the run was made.
     *
     * @param etcd null when etcd was not measured, and then {@code etcdSkipped} says why
     */
    record Setup(int specBytes, int tasksPerJob, int jitWarmupSeconds, int warmupSeconds, int seconds, int cores,
                 double loadAverage,
                 EtcdBinary etcd, String etcdSkipped) {}

    WriteBenchReport {
        rounds = List.copyOf(rounds);
    }

    String summary() {
        StringBuilder s = new StringBuilder();
        s.append("borg bench write: writes through a follower of a five-member Raft group, each acknowledged once "
                + "committed, fsync on both sides\n");
        s.append(String.format(Locale.ROOT, "  cell   %d BorgMaster replicas, each a process; SubmitJob of a %d-byte job spec"
                        + " (%d task%s a job)%n", CellSide.REPLICAS, setup.specBytes(),
                setup.tasksPerJob(), setup.tasksPerJob() == 1 ? "" : "s"));
        if (setup.etcd() != null) {
            s.append(String.format(Locale.ROOT, "  etcd   %d members of etcd %s, each a process; Put of the same %d bytes under a"
                            + " fresh key%n", EtcdSide.MEMBERS, setup.etcd().version(), setup.specBytes()));
        } else {
            s.append("  etcd   not measured: ").append(setup.etcdSkipped()).append('\n');
        }
        s.append(String.format(Locale.ROOT, "  the cell's replicas run the optimizing JIT, warmed up by %d s of writes before the"
                + " first round%n", setup.jitWarmupSeconds()));
        s.append(String.format(Locale.ROOT, "  each round: %d s warm-up, then %d s measured, one side at a time; %d cores,"
                + " load average %.2f at the start%n", setup.warmupSeconds(), setup.seconds(), setup.cores(), setup.loadAverage()));
        return s.toString();
    }

    String table() {
        Table t = new Table("CLIENTS", "SIDE", "VIA", "WRITES", "ERRORS", "P50 MS", "P99 MS", "WRITES/S", "TASKS/S");
        for (RoundFigures r : rounds) {
            row(t, r.clients(), "cell", r.cell());
            if (r.etcd() != null) {
                row(t, r.clients(), "etcd", r.etcd());
                t.row(r.clients(), "cell/etcd", "", "", "", ratio(r.p50Ratio()), "", ratio(r.writesRatio()), "");
            }
        }
        return t.render();
    }

    private static void row(Table t, int clients, String side, SideFigures f) {
        t.row(clients, side, f.via() + (f.viaFollower() ? "" : "*"), f.writes(), f.errors(),
                String.format(Locale.ROOT, "%.2f", f.p50Ms()), String.format(Locale.ROOT, "%.2f", f.p99Ms()),
                String.format(Locale.ROOT, "%.1f", f.writesPerSec()),
                f.hasTasks() ? String.format(Locale.ROOT, "%.1f", f.tasksPerSec()) : "");
    }

    private static String ratio(double r) {
        return Double.isNaN(r) ? "-" : String.format(Locale.ROOT, "%.3f", r);
    }

    /** Lines worth a reader's attention: errors, leader changes, and where the targets stand. */
    List<String> notes() {
        List<String> notes = new ArrayList<>();
        for (RoundFigures r : rounds) {
            note(notes, r.clients(), "cell", r.cell());
            if (r.etcd() != null) {
                note(notes, r.clients(), "etcd", r.etcd());
            }
        }
        List<String> targets = new ArrayList<>();
        for (RoundFigures r : rounds) {
            if (r.etcd() == null) {
                continue;
            }
            if (r.clients() == 1) {
                targets.add(String.format(Locale.ROOT, "1 client, p50 cell/etcd <= %.1f: %s", P50_RATIO_TARGET_ONE_CLIENT,
                        verdict(r.p50Ratio(), r.p50Ratio() <= P50_RATIO_TARGET_ONE_CLIENT)));
            }
            if (r.clients() == 64) {
                targets.add(String.format(Locale.ROOT, "64 clients, writes/s cell/etcd >= %.1f: %s",
                        WRITES_RATIO_TARGET_64_CLIENTS, verdict(r.writesRatio(), r.writesRatio() >= WRITES_RATIO_TARGET_64_CLIENTS)));
            }
        }
        if (!targets.isEmpty()) {
            notes.add("targets (issue 12): " + String.join("; ", targets));
        }
        return notes;
    }

    private static void note(List<String> notes, int clients, String side, SideFigures f) {
        if (f.errors() > 0) {
            notes.add(String.format(Locale.ROOT, "%s, %d client%s: %d errors; the first: %s", side, clients,
                    clients == 1 ? "" : "s", f.errors(), f.firstError()));
        }
        if (!f.viaFollower()) {
            notes.add(String.format(Locale.ROOT, "* %s, %d client%s: not every write went through follower %s to one leader"
                    + " (an election in the window, or %s led)", side, clients, clients == 1 ? "" : "s", f.via(), f.via()));
        }
    }

    private static String verdict(double ratio, boolean met) {
        return String.format(Locale.ROOT, "%.3f, %s", ratio, met ? "met" : "not met");
    }

    String json() {
        JsonLine line = new JsonLine()
                .put("bench", "write")
                .put("via", "follower")
                .put("members", CellSide.REPLICAS)
                .put("spec_bytes", setup.specBytes())
                .put("tasks_per_job", setup.tasksPerJob())
                .put("jit_warmup_seconds", setup.jitWarmupSeconds())
                .put("warmup_seconds", setup.warmupSeconds())
                .put("seconds", setup.seconds())
                .put("cores", setup.cores())
                .put("load_avg_start", JsonLine.round(setup.loadAverage(), 2));
        if (setup.etcd() != null) {
            line.put("etcd", Map.of("version", setup.etcd().version()));
        } else {
            line.put("etcd", null).put("etcd_skipped", setup.etcdSkipped());
        }
        return line.put("runs", rounds.stream().map(RoundFigures::fields).toList()).toString();
    }
}
