package borgcell.scheduler;

import static borgcell.scheduler.Fixtures.draining;
import static borgcell.scheduler.Fixtures.machine;
import static borgcell.scheduler.Fixtures.running;
import static borgcell.scheduler.Fixtures.task;
import static borgcell.scheduler.Fixtures.withAttributes;
import static borgcell.scheduler.Fixtures.withConstraints;
import static borgcell.scheduler.Fixtures.withRules;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WhyPendingTest {

    private final Scheduler scaled = new Scheduler(Pipeline.standard(ScoringPolicy.BEST_FIT), SchedulerSettings.scaled(1));
    private final Scheduler exhaustive = new Scheduler(Pipeline.standard(ScoringPolicy.BEST_FIT), SchedulerSettings.exhaustive());

    @Test
    void theMessageCountsReasonsThenNamesTheNearestChange() {
        var machines = new ArrayList<MachineView>();
        for (int i = 0; i < 6; i++) {
            machines.add(withAttributes(machine("a" + i, 8, 4), Map.of("rack", "r1"))); // ram short
        }
        machines.add(withAttributes(machine("b0", 8, 64).withAllocated(Fixtures.cores(0, 60)), Map.of("rack", "r1")));
        machines.add(withAttributes(machine("c0", 8, 64), Map.of("rack", "r2"))); // constraint
        machines.add(draining(withAttributes(machine("d0", 8, 64), Map.of("rack", "r1"))));
        var t = withConstraints(task("web", 0, 1, 5), Constraint.eq("rack", "r1"));
        for (Scheduler s : List.of(scaled, exhaustive)) {
            var result = s.schedule(machines, List.of(), List.of(t));
            assertThat(result.unplaced()).singleElement().extracting(Unplaced::reason).isEqualTo(
                    "0/9 machines fit: 7 insufficient ram, 1 constraint rack EQ r1 not met, "
                            + "1 not schedulable (draining or down); would fit now with ram <= 4 GiB");
        }
    }

    @Test
    void theNearestChangeRoundsDownToWhatIsReallyFree() {
        var m = machine("m1", 8, 8).withAllocated(new Resources(0, (9L << 29) + 1, 0, 0)); // 3.5 GiB free, less a byte
        var result = scaled.schedule(List.of(m), List.of(), List.of(task("web", 0, 1, 6)));
        assertThat(result.whyPending()).singleElement().extracting(WhyPending::nearestChange)
                .isEqualTo("with ram <= 3.4 GiB");
    }

    @Test
    void whenEveryMachineIsShortInTwoDimensionsBothAreNamed() {
        var m = machine("m1", 2, 2);
        var result = scaled.schedule(List.of(m), List.of(), List.of(task("web", 0, 3, 3)));
        assertThat(result.whyPending().getFirst().message())
                .isEqualTo("0/1 machines fit: 1 insufficient cpu; would fit now with cpu <= 2, ram <= 2 GiB");
    }

    @Test
    void whenOnlyAConstraintStandsInTheWayDroppingItIsTheNearestChange() {
        var machines = List.of(withAttributes(machine("m1", 8, 8), Map.of("zone", "b")),
                withAttributes(machine("m2", 8, 8), Map.of("zone", "c")));
        var t = withConstraints(task("web", 0, 1, 1), Constraint.eq("zone", "a"));
        var result = scaled.schedule(machines, List.of(), List.of(t));
        assertThat(result.unplaced().getFirst().reason())
                .isEqualTo("0/2 machines fit: 2 constraint zone EQ a not met; would fit now without constraint zone EQ a");
    }

    @Test
    void whenOnlyTheJobsLimitStandsInTheWayRaisingItIsTheNearestChange() {
        var rules = PlacementRules.atMostPerMachine(1);
        var machines = List.of(machine("m1", 8, 8).withAllocated(Fixtures.cores(1, 1)));
        var result = scaled.schedule(machines, List.of(running("web", 0, 100, 1, 1, "m1")),
                List.of(withRules(task("web", 1, 1, 1), rules)));
        assertThat(result.unplaced().getFirst().reason()).isEqualTo("0/1 machines fit: 1 job already has 1 task(s) on"
                + " the machine; would fit now with more than 1 task(s) of the job allowed per machine");
    }

    @Test
    void aTaskNoChangeWouldHelpSaysNoMore() {
        var result = scaled.schedule(List.of(draining(machine("m1", 8, 8))), List.of(), List.of(task("web", 0, 1, 1)));
        assertThat(result.unplaced().getFirst().reason()).isEqualTo("0/1 machines fit: 1 not schedulable (draining or down)");
    }

    @Test
    void oneExplanationCoversEveryPendingTaskOfAClass() {
        var tasks = List.of(task("big", 0, 16, 1), task("big", 1, 16, 1), task("other", 0, 16, 1), task("huge", 0, 32, 1));
        var result = scaled.schedule(List.of(machine("m1", 8, 8)), List.of(), tasks);
        assertThat(result.unplaced()).hasSize(4);
        assertThat(result.whyPending()).hasSize(2);
        assertThat(result.whyPending().getFirst().tasks()).extracting(TaskId::toString)
                .containsExactly("big/0", "big/1", "other/0");
        assertThat(result.whyPending().get(1).tasks()).extracting(TaskId::toString).containsExactly("huge/0");
    }

    @Test
    void theFirstSchedulersEntryPointKeepsTheCountsAlone() {
        var result = new Scheduler(ScoringPolicy.BEST_FIT).schedule(List.of(machine("m1", 2, 2)), List.of(task("web", 0, 3, 1)));
        assertThat(result.unplaced().getFirst().reason()).isEqualTo("0/1 machines fit: 1 insufficient cpu");
        assertThat(result.whyPending().getFirst().message()).endsWith("; would fit now with cpu <= 2");
    }
}
