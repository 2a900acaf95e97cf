package borgcell.sim.trace;

import static org.assertj.core.api.Assertions.assertThat;

import borgcell.scheduler.PlacementRules;
import borgcell.scheduler.PriorityBand;
import borgcell.scheduler.Resources;
import borgcell.sim.des.ArrivingJob;
import borgcell.sim.des.DesReport;
import borgcell.sim.des.SimEvent;
import borgcell.sim.des.Simulation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceScenarioTest {

    private static final long GIB = 1L << 30;

    @TempDir
    Path dir;

    @Test
    void tracePrioritiesMapToBandsInOrder() {
        assertThat(TraceScale.band(0)).isEqualTo(PriorityBand.BEST_EFFORT);
        assertThat(TraceScale.band(1)).isEqualTo(PriorityBand.BEST_EFFORT);
        assertThat(TraceScale.band(2)).isEqualTo(PriorityBand.BATCH);
        assertThat(TraceScale.band(8)).isEqualTo(PriorityBand.BATCH);
        assertThat(TraceScale.band(9)).isEqualTo(PriorityBand.PRODUCTION);
        assertThat(TraceScale.band(10)).isEqualTo(PriorityBand.PRODUCTION);
        assertThat(TraceScale.band(11)).isEqualTo(PriorityBand.MONITORING);
        for (int p = 1; p <= 11; p++) {
            assertThat(TraceScale.priority(p)).isGreaterThan(TraceScale.priority(p - 1));
        }
    }

    @Test
    void normalisedFiguresBecomeConcreteOnesByTheScale() {
        assertThat(TraceScale.DEFAULT.machine(0.5, 0.25)).isEqualTo(new Resources(32_000, 64 * GIB, 4L << 40, 1000));
        assertThat(TraceScale.DEFAULT.machine(null, 0.25)).isNull();
        assertThat(TraceScale.DEFAULT.task(0.125, 0.0625, null)).isEqualTo(new Resources(8_000, 16 * GIB, 0, 0));
        assertThat(TraceScale.DEFAULT.task(null, 0.0, null)).isEqualTo(new Resources(1, 1L << 20, 0, 0));
    }

    @Test
    void aTinyTraceBecomesMachinesJobsAndDurations() throws IOException {
        TraceReaderTest.write(dir.resolve("machine_events.csv"), TraceReaderTest.MACHINES, false);
        TraceReaderTest.write(dir.resolve("task_events.csv"), TraceReaderTest.TASKS, false);
        Trace trace = TraceReader.read(dir, OnMalformed.FAIL);
        var result = TraceScenario.of(trace, TraceScale.DEFAULT, 1_000_000, "tiny");
        assertThat(result.summary()).isEqualTo(new TraceScenario.Summary(2, 0, 2, 3, 1, 0));
        List<SimEvent> events = result.scenario().events();
        assertThat(events).filteredOn(e -> e instanceof SimEvent.MachineAdded).hasSize(3);
        assertThat(events).filteredOn(e -> e instanceof SimEvent.MachineDown).singleElement()
                .isEqualTo(new SimEvent.MachineDown(835_150, "m5", "machine m5 removed (trace)"));
        ArrivingJob big = events.stream().filter(e -> e instanceof SimEvent.JobArrival a && a.job().name().equals("j3418309"))
                .map(e -> ((SimEvent.JobArrival) e).job()).findFirst().orElseThrow();
        // The largest request of its tasks, one per machine since task 1 asked for it, priority 9 = 200.
        assertThat(big.demand()).isEqualTo(new Resources(8_000, Math.round(0.1 * 256 * GIB), Math.round(0.0004244 * (4L << 40)), 0));
        assertThat(big.rules()).isEqualTo(PlacementRules.atMostPerMachine(1));
        assertThat(big.priority()).isEqualTo(200);
        // Task 0: scheduled at 0, finished at 800 s. Task 1: scheduled at 600 s, evicted, never ended: a service.
        assertThat(big.taskMillis()).containsExactly(800_000L, ArrivingJob.SERVICE);
        ArrivingJob killedWhilePending = events.stream()
                .filter(e -> e instanceof SimEvent.JobArrival a && a.job().name().equals("j4000000"))
                .map(e -> ((SimEvent.JobArrival) e).job()).findFirst().orElseThrow();
        assertThat(killedWhilePending.taskMillis()).containsExactly(0L);
        assertThat(killedWhilePending.band()).isEqualTo(PriorityBand.BEST_EFFORT);
        assertThat(events).isSortedAccordingTo(java.util.Comparator.comparingLong(SimEvent::atMillis));
    }

    @Test
    void theSampleReplaysDeterministicallyThroughTheCell() {
        Trace trace = TraceReader.read(Path.of("src/test/resources/trace-sample"), OnMalformed.FAIL, 1_800_000_000L);
        var result = TraceScenario.of(trace, TraceScale.DEFAULT, 1_800_000, "sample");
        DesReport a = Simulation.run(result.scenario(), Simulation.Settings.of(0), "replay");
        DesReport b = Simulation.run(result.scenario(), Simulation.Settings.of(0), "replay");
        assertThat(b.outcome()).isEqualTo(a.outcome());
        assertThat(a.outcome().jobsRejected()).isZero();
        assertThat(a.outcome().placements()).isGreaterThan(result.summary().tasks() * 9 / 10);
        assertThat(a.outcome().meanCpu()).isPositive();
        assertThat(a.run().machines()).isEqualTo(300);
    }
}
