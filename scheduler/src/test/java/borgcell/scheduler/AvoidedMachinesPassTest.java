package borgcell.scheduler;

import static borgcell.scheduler.Fixtures.machine;
import static borgcell.scheduler.Fixtures.running;
import static borgcell.scheduler.Fixtures.task;
import static borgcell.scheduler.Fixtures.withPriority;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A pass never places a task on a machine it failed on, nor evicts anything there for it. */
class AvoidedMachinesPassTest {

    private static final List<Scheduler> BOTH = List.of(
            new Scheduler(Pipeline.standard(ScoringPolicy.BEST_FIT), SchedulerSettings.exhaustive()),
            new Scheduler(Pipeline.standard(ScoringPolicy.BEST_FIT), SchedulerSettings.scaled(7)));

    @Test
    void theTaskGoesToTheNextBestMachine() {
        // Best fit likes the smaller m1; the task failed there.
        var machines = List.of(machine("m1", 2, 2), machine("m2", 8, 8));
        var t = task("web", 0, 1, 1).withAvoidMachines(Set.of("m1"));
        for (Scheduler s : BOTH) {
            assertThat(s.schedule(machines, List.of(t)).placements()).singleElement()
                    .extracting(Placement::machineId).isEqualTo("m2");
        }
    }

    @Test
    void whenEveryMachineIsAvoidedTheTaskStaysPendingSayingWhy() {
        var machines = List.of(machine("m1", 8, 8), machine("m2", 8, 8));
        var t = task("web", 0, 2, 2).withAvoidMachines(Set.of("m1", "m2"));
        for (Scheduler s : BOTH) {
            PassResult r = s.schedule(machines, List.of(), List.of(t));
            assertThat(r.placements()).isEmpty();
            assertThat(r.unplaced()).singleElement().extracting(Unplaced::reason)
                    .as("no change to the request would help").isEqualTo("0/2 machines fit: 2 where the task failed before");
        }
        // The reason comes before the machine's room: an avoided machine is out whatever it has free.
        var withSmallOne = List.of(machine("m1", 1, 1), machine("m2", 8, 8), machine("m3", 1, 1));
        PassResult r = BOTH.getFirst().schedule(withSmallOne, List.of(), List.of(t));
        assertThat(r.unplaced()).singleElement().extracting(Unplaced::reason).isEqualTo(
                "0/3 machines fit: 2 where the task failed before, 1 insufficient cpu; would fit now with cpu <= 1, ram <= 1 GiB");
    }

    @Test
    void nothingIsPreemptedOnAnAvoidedMachine() {
        var victims = List.of(running("be", 0, 50, 4, 4, "m1"), running("be", 1, 50, 4, 4, "m2"));
        var machines = List.of(machine("m1", 4, 4).withAllocated(Fixtures.cores(4, 4)),
                machine("m2", 4, 4).withAllocated(Fixtures.cores(4, 4)));
        var prod = withPriority(task("prod", 0, 2, 2), 200).withAvoidMachines(Set.of("m1"));
        for (Scheduler s : BOTH) {
            PassResult r = s.schedule(machines, victims, List.of(prod));
            assertThat(r.evictions()).singleElement().extracting(Eviction::machineId).isEqualTo("m2");
            assertThat(r.placements()).singleElement().extracting(Placement::machineId).isEqualTo("m2");
        }
        var everywhere = prod.withAvoidMachines(Set.of("m1", "m2"));
        for (Scheduler s : BOTH) {
            PassResult r = s.schedule(machines, victims, List.of(everywhere));
            assertThat(r.evictions()).isEmpty();
            assertThat(r.placements()).isEmpty();
        }
    }

    @Test
    void tasksOfOneJobAvoidingDifferentMachinesAreEachPlacedByTheirOwn() {
        // One slot per machine: a class shared by both tasks would reuse one task's cached checks for the other.
        var machines = List.of(machine("m1", 1, 1), machine("m2", 1, 1));
        var first = task("web", 0, 1, 1).withAvoidMachines(Set.of("m1"));
        var second = task("web", 1, 1, 1).withAvoidMachines(Set.of("m2"));
        for (Scheduler s : BOTH) {
            assertThat(s.schedule(machines, List.of(first, second)).placements())
                    .extracting(p -> p.index() + "->" + p.machineId()).containsExactly("0->m2", "1->m1");
        }
    }
}
