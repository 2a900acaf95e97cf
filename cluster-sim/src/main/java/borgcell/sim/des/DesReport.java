package borgcell.sim.des;

import borgcell.scheduler.PriorityBand;
import borgcell.scheduler.ScoringPolicy;
import borgcell.sim.JsonLine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one discrete-event run gives. Split in three so determinism can be tested: {@link Run}
 * says how it was run, {@link Outcome} is everything simulated (equal for equal scenarios and
 * settings, down to the digest of the cell's final state), {@link Timing} is wall-clock time of
 * this machine and differs from run to run.
 */
public record DesReport(Run run, Outcome outcome, Timing timing) {

    /** How the run was made; {@code seed} is the run's (the scheduler's, and the synthetic scenario's). */
    public record Run(String mode, String source, long seed, int machines, int jobs, int tasks, double hours,
                      long passMillis, ScoringPolicy policy, int cores) {
    }

    /**
     * The simulated figures. Pending time runs from when a task became pending (submitted,
     * preempted, or its machine went down) to its placement, once per placement.
     */
    public record Outcome(int jobsSubmitted, int jobsRejected, String firstRejection, int tasksSubmitted,
                          int placements, int staleAssignments, int preemptions, Map<PriorityBand, Integer> preemptedByBand,
                          int tasksFinished, int machineFailures, int tasksDisplaced, int passesRun, int passesSkipped,
                          Map<PriorityBand, BandWait> waits, List<UtilizationSample> series, String cellDigest) {

        public Outcome {
            preemptedByBand = Map.copyOf(preemptedByBand);
            waits = Map.copyOf(waits);
            series = List.copyOf(series);
        }

        public double meanCpu() {
            return series.stream().mapToDouble(UtilizationSample::cpu).average().orElse(0);
        }

        public double meanRam() {
            return series.stream().mapToDouble(UtilizationSample::ram).average().orElse(0);
        }

        public int stillPending() {
            return waits.values().stream().mapToInt(BandWait::stillPending).sum();
        }
    }

    /** Pending times of one band: tasks placed, p50 and p99 of their wait in seconds, and tasks still pending at the end. */
    public record BandWait(int placed, double p50Seconds, double p99Seconds, int stillPending) {
    }

    /** The cell at one moment: allocation as a share of the capacity of the UP machines, tasks placed and pending. */
    public record UtilizationSample(long atMillis, double cpu, double ram, int running, int pending) {
    }

    /** Wall-clock figures: the scheduler calls alone (pass time, placements per second of it) and the whole run. */
    public record Timing(double wallSeconds, double schedulerSeconds, double passMsP50, double passMsP99,
                         double passMsMax, long events) {
    }

    /** Placements per second of time spent in the scheduler. */
    public double placementsPerSec() {
        return timing.schedulerSeconds() == 0 ? 0 : outcome.placements() / timing.schedulerSeconds();
    }

    /** The table people read. */
    public String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "sim %s: %s; %d machines, %d jobs, %d tasks, seed %d, %.2f h simulated,"
                        + " a pass every %d s, %s, %d cores%n", run.mode(), run.source(), run.machines(), run.jobs(),
                run.tasks(), run.seed(), run.hours(), run.passMillis() / 1000, run.policy().name().toLowerCase(Locale.ROOT),
                run.cores()));
        out.append(String.format(Locale.ROOT, "%-8s %7s %7s %9s %9s%n", "time", "cpu", "ram", "placed", "pending"));
        for (UtilizationSample s : thinned(outcome.series(), 24)) {
            out.append(String.format(Locale.ROOT, "%-8s %6.1f%% %6.1f%% %9d %9d%n", clock(s.atMillis()), s.cpu() * 100,
                    s.ram() * 100, s.running(), s.pending()));
        }
        out.append(String.format(Locale.ROOT, "%-8s %6.1f%% %6.1f%%%n", "mean", outcome.meanCpu() * 100, outcome.meanRam() * 100));
        out.append(String.format(Locale.ROOT, "%-12s %9s %12s %12s %14s %10s%n",
                "band", "placed", "wait p50 s", "wait p99 s", "pending at end", "preempted"));
        for (PriorityBand band : PriorityBand.values()) {
            BandWait w = outcome.waits().get(band);
            out.append(String.format(Locale.ROOT, "%-12s %9d %12.1f %12.1f %14d %10d%n", band.label(), w.placed(),
                    w.p50Seconds(), w.p99Seconds(), w.stillPending(), outcome.preemptedByBand().get(band)));
        }
        out.append(String.format(Locale.ROOT, "jobs %d submitted, %d refused by the cell%s; %d placements (%d stale),"
                        + " %d preemptions, %d tasks finished; %d machine failures displacing %d tasks%n",
                outcome.jobsSubmitted(), outcome.jobsRejected(),
                outcome.firstRejection() == null ? "" : " (first: " + outcome.firstRejection() + ")",
                outcome.placements(), outcome.staleAssignments(), outcome.preemptions(), outcome.tasksFinished(),
                outcome.machineFailures(), outcome.tasksDisplaced()));
        out.append(String.format(Locale.ROOT, "scheduler: %d passes (%d skipped: nothing pending or nothing changed),"
                        + " pass p50 %.1f ms, p99 %.1f ms, max %.1f ms, %.0f placements/s; %d events in %.1f s wall%n",
                outcome.passesRun(), outcome.passesSkipped(), timing.passMsP50(), timing.passMsP99(), timing.passMsMax(),
                placementsPerSec(), timing.events(), timing.wallSeconds()));
        out.append("cell state digest ").append(outcome.cellDigest()).append(System.lineSeparator());
        return out.toString();
    }

    /** One line of JSON with the figures and how the run was made, for scripts and CI. */
    public String json() {
        JsonLine j = new JsonLine();
        j.put("mode", run.mode()).put("source", run.source());
        j.put("machines", run.machines()).put("jobs", run.jobs()).put("tasks", run.tasks());
        j.put("hours", JsonLine.round(run.hours(), 3)).put("pass_seconds", run.passMillis() / 1000.0);
        j.put("policy", run.policy().name().toLowerCase(Locale.ROOT));
        j.put("placed", outcome.placements()).put("stale", outcome.staleAssignments());
        j.put("preemptions", outcome.preemptions()).put("tasks_finished", outcome.tasksFinished());
        j.put("still_pending", outcome.stillPending()).put("jobs_rejected", outcome.jobsRejected());
        j.put("machine_failures", outcome.machineFailures()).put("tasks_displaced", outcome.tasksDisplaced());
        j.put("utilization_cpu_mean", JsonLine.round(outcome.meanCpu(), 4));
        j.put("utilization_ram_mean", JsonLine.round(outcome.meanRam(), 4));
        List<UtilizationSample> series = thinned(outcome.series(), 48);
        j.put("utilization_minutes", series.stream().map(s -> s.atMillis() / 60_000).toList());
        j.put("utilization_cpu", series.stream().map(s -> JsonLine.round(s.cpu(), 4)).toList());
        j.put("utilization_ram", series.stream().map(s -> JsonLine.round(s.ram(), 4)).toList());
        Map<String, Object> p50 = new LinkedHashMap<>();
        Map<String, Object> p99 = new LinkedHashMap<>();
        Map<String, Object> preempted = new LinkedHashMap<>();
        for (PriorityBand band : PriorityBand.values()) {
            p50.put(band.label(), JsonLine.round(outcome.waits().get(band).p50Seconds(), 1));
            p99.put(band.label(), JsonLine.round(outcome.waits().get(band).p99Seconds(), 1));
            preempted.put(band.label(), outcome.preemptedByBand().get(band));
        }
        j.put("pending_p50_s", p50).put("pending_p99_s", p99).put("preempted_by_band", preempted);
        j.put("passes", outcome.passesRun()).put("pass_ms_p50", JsonLine.round(timing.passMsP50(), 2));
        j.put("pass_ms_p99", JsonLine.round(timing.passMsP99(), 2)).put("pass_ms_max", JsonLine.round(timing.passMsMax(), 2));
        j.put("placements_per_sec", Math.round(placementsPerSec()));
        j.put("wall_seconds", JsonLine.round(timing.wallSeconds(), 2));
        j.put("cell_digest", outcome.cellDigest());
        j.put("seed", run.seed()).put("cores", run.cores());
        return j.toString();
    }

    /** At most {@code max} samples, evenly spaced, always with the last. */
    static List<UtilizationSample> thinned(List<UtilizationSample> all, int max) {
        if (all.size() <= max) {
            return all;
        }
        List<UtilizationSample> out = new ArrayList<>(max);
        for (int i = 1; i <= max; i++) {
            out.add(all.get((int) ((long) i * all.size() / max) - 1));
        }
        return out;
    }

    private static String clock(long millis) {
        long minutes = millis / 60_000;
        return String.format(Locale.ROOT, "%d:%02d", minutes / 60, minutes % 60);
    }
}
