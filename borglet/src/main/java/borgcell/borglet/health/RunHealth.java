package borgcell.borglet.health;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The checks of one run of a task: they start with the run (each after its initial delay) and
 * stop when it ends. What the heartbeat reads of them, {@link #ready()} and {@link #health()},
 * are plain fields set only when a check turns, so a report costs two reads and a steady task
 * sends the cell the same values every time.
 */
public final class RunHealth {

    /** What a task without checks reports: nothing to say, ready whenever it runs. */
    public static final RunHealth NONE = new RunHealth("", Optional.empty(), Optional.empty(), reason -> { });

    private final ScheduledCheck liveness;
    private final ScheduledCheck readiness;
    // The two checks turn on probe threads of their own, possibly at once: each verdict and the
    // text made of both change together under this, or the last to write could write what it
    // read before the other turned ("starting" for good).
    private final Object turning = new Object();
    private volatile CheckState.Verdict livenessNow = CheckState.Verdict.UNKNOWN;
    private volatile CheckState.Verdict readinessNow = CheckState.Verdict.UNKNOWN;
    private volatile String health;

    private RunHealth(String task, Optional<CheckPlan> livenessPlan, Optional<CheckPlan> readinessPlan,
                      Consumer<String> livenessFailed) {
        this.liveness = livenessPlan.map(plan -> new ScheduledCheck(task + " liveness", plan.probe(), plan.settings(),
                verdict -> livenessTurned(verdict, livenessFailed))).orElse(null);
        this.readiness = readinessPlan.map(plan -> new ScheduledCheck(task + " readiness", plan.probe(), plan.settings(),
                this::readinessTurned)).orElse(null);
        this.health = liveness == null && readiness == null ? "" : text();
    }

    /**
     * Starts the checks of a run.
     *
     * @param task "job/index#attempt", for logs
     * @param livenessFailed called once, when the liveness check has failed its threshold in a
     *     row, with the reason ("HTTP 503 on /healthz"); the caller ends the run
     */
    static RunHealth start(String task, Optional<CheckPlan> livenessPlan, Optional<CheckPlan> readinessPlan,
                           Consumer<String> livenessFailed) {
        RunHealth health = new RunHealth(task, livenessPlan, readinessPlan, livenessFailed);
        if (health.liveness != null) {
            health.liveness.start();
        }
        if (health.readiness != null) {
            health.readiness.start();
        }
        return health;
    }

    /** A probe and its schedule, before the run starts them. */
    record CheckPlan(Probe probe, CheckSettings settings) {}

    /** Whether the run may take traffic: its readiness check passes, or it has none. */
    public boolean ready() {
        return readiness == null || readinessNow.status() == CheckState.Status.PASSING;
    }

    /**
     * For people, short and stable: "" without checks; "starting" until each check has turned;
     * "passing" while all pass; else each failing check with the reason it turned
     * ("readiness: HTTP 503 on /healthz").
     */
    public String health() {
        return health;
    }

    /** Stops every probe of the run; those in flight are dropped. */
    public void stop() {
        if (liveness != null) {
            liveness.stop();
        }
        if (readiness != null) {
            readiness.stop();
        }
    }

    private void livenessTurned(CheckState.Verdict verdict, Consumer<String> livenessFailed) {
        synchronized (turning) {
            livenessNow = verdict;
            health = text();
        }
        if (verdict.status() == CheckState.Status.FAILING) {
            liveness.stop(); // the run is ending: one kill is enough
            livenessFailed.accept(verdict.reason());
        }
    }

    private void readinessTurned(CheckState.Verdict verdict) {
        synchronized (turning) {
            readinessNow = verdict;
            health = text();
        }
    }

    private String text() {
        List<String> failing = new ArrayList<>(2);
        boolean unknown = false;
        if (liveness != null) {
            failing.addAll(failingPart("liveness", livenessNow));
            unknown |= livenessNow.status() == CheckState.Status.UNKNOWN;
        }
        if (readiness != null) {
            failing.addAll(failingPart("readiness", readinessNow));
            unknown |= readinessNow.status() == CheckState.Status.UNKNOWN;
        }
        if (!failing.isEmpty()) {
            return String.join("; ", failing);
        }
        return unknown ? "starting" : "passing";
    }

    private static List<String> failingPart(String check, CheckState.Verdict verdict) {
        return verdict.status() == CheckState.Status.FAILING ? List.of(check + ": " + verdict.reason()) : List.of();
    }
}
