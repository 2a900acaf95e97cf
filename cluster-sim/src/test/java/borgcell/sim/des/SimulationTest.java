package borgcell.sim.des;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import borgcell.scheduler.MachineView;
import borgcell.scheduler.PlacementRules;
import borgcell.scheduler.PriorityBand;
import borgcell.scheduler.Resources;
import borgcell.scheduler.ScoringPolicy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SimulationTest {

    private static final long GIB = 1L << 30;
    private static final Simulation.Settings EVERY_10_S = new Simulation.Settings(10_000, 30_000, ScoringPolicy.BEST_FIT, 1);

    private static DesReport synthetic(long seed) {
        return Simulation.run(SyntheticScenario.generate(new SyntheticScenario.Options(60, 600, 0.5, seed, 24, 10)),
                Simulation.Settings.of(seed), "run");
    }

    @Test
    void theSameSeedGivesTheSameOutcomeDownToTheCellsStateAndAnotherSeedAnother() {
        DesReport a = synthetic(3);
        DesReport b = synthetic(3);
        assertThat(b.outcome()).isEqualTo(a.outcome());
        assertThat(b.run()).isEqualTo(a.run());
        assertThat(synthetic(4).outcome().cellDigest()).isNotEqualTo(a.outcome().cellDigest());
    }

    @Test
    void aSyntheticRunPlacesFinishesFailsMachinesAndSamplesUtilization() {
        DesReport r = synthetic(3);
        DesReport.Outcome o = r.outcome();
        assertThat(o.placements()).isGreaterThan(o.tasksSubmitted() / 2);
        assertThat(o.tasksFinished()).isPositive();
        assertThat(o.machineFailures()).isPositive(); // a failure a day per machine, 60 machines, half an hour
        assertThat(o.series()).hasSize(6) // every 5 minutes of the half hour
               .allSatisfy(s -> assertThat(s.cpu()).isBetween(0.0, 1.0));
        assertThat(o.meanCpu()).isBetween(0.3, 1.0);
        assertThat(o.passesRun() + o.passesSkipped()).isEqualTo(181); // 0 s to 1800 s every 10 s
        assertThat(r.timing().schedulerSeconds()).isPositive();
        assertThat(r.json()).startsWith("{\"mode\":\"run\",").endsWith("}").doesNotContain("\n")
                .contains("\"pending_p99_s\":{\"monitoring\":", "\"utilization_cpu\":[", "\"preemptions\":",
                        "\"pass_ms_p99\":", "\"placements_per_sec\":", "\"seed\":3", "\"cores\":", "\"machines\":60");
        assertThat(r.table()).contains("band", "best-effort", "wait p99 s", "cell state digest");
    }

    @Test
    void aProductionArrivalPreemptsTheBestEffortTaskOnTheOnlyMachine() {
        Scenario s = new Scenario("test", List.of(
                new SimEvent.MachineAdded(0, machine("a", 4)),
                new SimEvent.JobArrival(0, job("filler", 10, 4, ArrivingJob.SERVICE)),
                new SimEvent.JobArrival(30_000, job("web", 200, 4, ArrivingJob.SERVICE))), 60_000, 1, 2, 2, 0);
        DesReport.Outcome o = Simulation.run(s, EVERY_10_S, "run").outcome();
        assertThat(o.placements()).isEqualTo(2);
        assertThat(o.preemptions()).isEqualTo(1);
        assertThat(o.preemptedByBand()).containsEntry(PriorityBand.BEST_EFFORT, 1).containsEntry(PriorityBand.PRODUCTION, 0);
        assertThat(o.waits().get(PriorityBand.PRODUCTION)).isEqualTo(new DesReport.BandWait(1, 0, 0, 0));
        assertThat(o.waits().get(PriorityBand.BEST_EFFORT).stillPending()).isEqualTo(1);
    }

    @Test
    void aFailedMachinesTaskWaitsForTheNextPassAndRunsElsewhere() {
        Scenario s = new Scenario("test", List.of(
                new SimEvent.MachineAdded(0, machine("a", 4)),
                new SimEvent.JobArrival(0, job("svc", 200, 2, ArrivingJob.SERVICE)),
                new SimEvent.MachineAdded(5_000, machine("b", 4)),
                new SimEvent.MachineDown(15_000, "a", "a failed")), 60_000, 2, 1, 1, 0);
        DesReport.Outcome o = Simulation.run(s, EVERY_10_S, "run").outcome();
        assertThat(o.machineFailures()).isEqualTo(1);
        assertThat(o.tasksDisplaced()).isEqualTo(1);
        assertThat(o.placements()).isEqualTo(2);
        // Placed at once at 0 s, then pending from 15 s to the pass at 20 s.
        assertThat(o.waits().get(PriorityBand.PRODUCTION)).isEqualTo(new DesReport.BandWait(2, 0, 5, 0));
    }

    @Test
    void batchTasksEndAfterTheirDurationAndFreeTheirMachine() {
        Scenario s = new Scenario("test", List.of(
                new SimEvent.MachineAdded(0, machine("a", 4)),
                new SimEvent.JobArrival(0, job("first", 110, 4, 25_000)),
                new SimEvent.JobArrival(0, job("second", 105, 4, 25_000))), 120_000, 1, 2, 2, 0);
        DesReport.Outcome o = Simulation.run(s, EVERY_10_S, "run").outcome();
        // first runs 0-25 s; second waits for the pass at 30 s, runs to 55 s.
        assertThat(o.tasksFinished()).isEqualTo(2);
        assertThat(o.waits().get(PriorityBand.BATCH)).isEqualTo(new DesReport.BandWait(2, 0, 30, 0));
        assertThat(o.series().getLast().cpu()).isZero();
        assertThat(o.passesSkipped()).isPositive(); // nothing pending after 30 s
    }

    @Test
    void aJobTheCellRefusesIsCountedWithItsReason() {
        Scenario s = new Scenario("test", List.of(
                new SimEvent.MachineAdded(0, machine("a", 4)),
                new SimEvent.JobArrival(0, job("Bad_Name", 110, 1, 1_000))), 20_000, 1, 1, 1, 0);
        DesReport.Outcome o = Simulation.run(s, EVERY_10_S, "run").outcome();
        assertThat(o.jobsRejected()).isEqualTo(1);
        assertThat(o.firstRejection()).contains("Bad_Name", "spec.name");
    }

    @Test
    void aScenarioCannotBringTheSimulationsOwnEvents() {
        assertThatThrownBy(() -> new Scenario("test", List.of(new SimEvent.SchedulingPass(0)), 1_000, 0, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SchedulingPass");
    }

    @Test
    void theSeriesIsThinnedEvenlyKeepingTheLastSample() {
        List<DesReport.UtilizationSample> all = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            all.add(new DesReport.UtilizationSample(i, 0, 0, 0, 0));
        }
        assertThat(DesReport.thinned(all, 10)).hasSize(10).last().extracting(DesReport.UtilizationSample::atMillis)
                .isEqualTo(100L);
    }

    private static MachineView machine(String id, int cores) {
        return new MachineView(id, 1, new Resources(cores * 1000L, 16 * GIB, 100 * GIB, 100), Resources.ZERO,
                Set.of("process"), Map.of("rack", "r1"), true);
    }

    private static ArrivingJob job(String name, int priority, int cores, long millis) {
        return new ArrivingJob(name, "test", priority, new Resources(cores * 1000L, GIB, 0, 0), "process", List.of(),
                PlacementRules.NONE, Collections.nCopies(1, millis));
    }
}
