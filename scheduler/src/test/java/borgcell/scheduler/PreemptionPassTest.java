package borgcell.scheduler;

import static borgcell.scheduler.Fixtures.machine;
import static borgcell.scheduler.Fixtures.running;
import static borgcell.scheduler.Fixtures.task;
import static borgcell.scheduler.Fixtures.withPriority;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PreemptionPassTest {

    private static final List<Scheduler> BOTH = List.of(
            new Scheduler(Pipeline.standard(ScoringPolicy.BEST_FIT), SchedulerSettings.exhaustive()),
            new Scheduler(Pipeline.standard(ScoringPolicy.BEST_FIT), SchedulerSettings.scaled(1)));

    /** The machine as the caller sees it: its running tasks counted in its allocation. */
    private static MachineView loaded(MachineView m, List<PlacedTask> running) {
        Resources used = Resources.ZERO;
        for (PlacedTask t : running) {
            if (t.machineId().equals(m.id())) {
                used = used.plus(t.demand());
            }
        }
        return m.withAllocated(used);
    }

    private static List<MachineView> cell(List<PlacedTask> running, MachineView... machines) {
        return java.util.Arrays.stream(machines).map(m -> loaded(m, running)).toList();
    }

    @Test
    void productionNeverPreemptsProduction() {
        var running = List.of(running("prod-a", 0, 200, 4, 8, "m1"));
        var machines = cell(running, machine("m1", 4, 8));
        for (Scheduler s : BOTH) {
            var result = s.schedule(machines, running, List.of(withPriority(task("prod-b", 0, 1, 1), 300)));
            assertThat(result.evictions()).isEmpty();
            assertThat(result.placements()).isEmpty();
            assertThat(result.unplaced()).singleElement().extracting(Unplaced::reason).asString()
                    .startsWith("0/1 machines fit: 1 insufficient cpu");
        }
    }

    @Test
    void monitoringPreemptsProductionAndTheResultSaysWhoForWhom() {
        var running = List.of(running("prod", 0, 200, 4, 8, "m1"));
        var machines = cell(running, machine("m1", 4, 8));
        for (Scheduler s : BOTH) {
            var result = s.schedule(machines, running, List.of(withPriority(task("mon", 0, 1, 1), 400)));
            assertThat(result.placements()).singleElement().extracting(Placement::machineId).isEqualTo("m1");
            assertThat(result.evictions()).containsExactly(new Eviction("prod", 0, "m1", "mon", 0,
                    "preempted by mon/0 (priority 400, monitoring)"));
        }
    }

    @Test
    void batchPreemptsBestEffortButNotBatch() {
        var running = List.of(running("be", 0, 50, 2, 2, "m1"), running("batch", 0, 100, 2, 2, "m1"));
        var machines = cell(running, machine("m1", 4, 8));
        for (Scheduler s : BOTH) {
            var result = s.schedule(machines, running, List.of(
                    withPriority(task("batch-new", 0, 2, 2), 119), withPriority(task("batch-new", 1, 2, 2), 119)));
            assertThat(result.evictions()).extracting(Eviction::job).containsExactly("be");
            assertThat(result.placements()).hasSize(1);
            assertThat(result.unplaced()).hasSize(1);
        }
    }

    @Test
    void theMachineWithFewestThenCheapestVictimsIsChosen() {
        var running = List.of(
                // m1: two small best-effort tasks would have to go
                running("be", 0, 10, 2, 2, "m1"), running("be", 1, 10, 2, 2, "m1"),
                // m2: one batch task would have to go
                running("batch", 0, 110, 4, 4, "m2"),
                // m3: one best-effort task would have to go: fewest and cheapest
                running("be2", 0, 20, 4, 4, "m3"));
        var machines = cell(running, machine("m1", 4, 8), machine("m2", 4, 8), machine("m3", 4, 8));
        for (Scheduler s : BOTH) {
            var result = s.schedule(machines, running, List.of(withPriority(task("prod", 0, 4, 4), 200)));
            assertThat(result.placements()).singleElement().extracting(Placement::machineId).isEqualTo("m3");
            assertThat(result.evictions()).extracting(Eviction::job).containsExactly("be2");
        }
    }

    @Test
    void roomFreedByAnEvictionIsUsedLaterInTheSamePass() {
        var running = List.of(running("be", 0, 10, 4, 8, "m1"));
        var machines = cell(running, machine("m1", 4, 8));
        for (Scheduler s : BOTH) {
            var result = s.schedule(machines, running, List.of(
                    withPriority(task("prod", 0, 2, 4), 200), withPriority(task("prod", 1, 2, 4), 200)));
            assertThat(result.evictions()).hasSize(1);
            assertThat(result.placements()).extracting(Placement::machineId).containsExactly("m1", "m1");
        }
    }

    @Test
    void nothingIsEvictedForAPlacementThatCouldNotHappenAnyway() {
        // Evicting the best-effort task frees 4 cores, but the task needs 6: the machine has 4.
        var running = List.of(running("be", 0, 10, 4, 8, "m1"));
        var machines = cell(running, machine("m1", 4, 8));
        for (Scheduler s : BOTH) {
            var result = s.schedule(machines, running, List.of(withPriority(task("prod", 0, 6, 1), 200)));
            assertThat(result.evictions()).isEmpty();
            assertThat(result.placements()).isEmpty();
        }
    }

    @Test
    void aTaskThatFitsWithoutPreemptionEvictsNobody() {
        var running = List.of(running("be", 0, 10, 4, 8, "m1"));
        var machines = cell(running, machine("m1", 4, 8), machine("m2", 4, 8));
        for (Scheduler s : BOTH) {
            var result = s.schedule(machines, running, List.of(withPriority(task("prod", 0, 2, 2), 200)));
            assertThat(result.evictions()).isEmpty();
            assertThat(result.placements()).singleElement().extracting(Placement::machineId).isEqualTo("m2");
        }
    }

    @Test
    void aFullCellUnderPreemptionIsNeverOverbooked() {
        var random = new java.util.Random(5);
        var running = new ArrayList<PlacedTask>();
        var machines = new ArrayList<MachineView>();
        for (int m = 0; m < 30; m++) {
            var machine = machine("m" + m, 8, 16);
            for (int i = 0; i < 4; i++) {
                running.add(running("old" + m, i, random.nextInt(130), 2, 4, machine.id()));
            }
            machines.add(machine);
        }
        var loadedMachines = machines.stream().map(m -> loaded(m, running)).toList();
        var tasks = new ArrayList<TaskRequest>();
        for (int i = 0; i < 80; i++) {
            tasks.add(withPriority(task("new" + i % 5, i, 1 + random.nextInt(3), 1 + random.nextInt(5)), 90 + random.nextInt(300)));
        }
        for (Scheduler s : BOTH) {
            var result = s.schedule(loadedMachines, running, tasks);
            Map<String, Resources> use = new HashMap<>();
            loadedMachines.forEach(m -> use.put(m.id(), m.allocated()));
            Map<String, PlacedTask> byName = new HashMap<>();
            running.forEach(t -> byName.put(t.name(), t));
            Map<String, TaskRequest> pendingByName = new HashMap<>();
            tasks.forEach(t -> pendingByName.put(t.name(), t));
            for (Eviction e : result.evictions()) {
                PlacedTask victim = byName.get(e.job() + "/" + e.index());
                TaskRequest preemptor = pendingByName.get(e.preemptorJob() + "/" + e.preemptorIndex());
                assertThat(preemptor.band().mayPreempt(victim.band())).as("%s evicts %s", preemptor, victim).isTrue();
                use.merge(e.machineId(), victim.demand(), Resources::minus);
            }
            for (Placement p : result.placements()) {
                use.merge(p.machineId(), pendingByName.get(p.job() + "/" + p.index()).demand(), Resources::plus);
            }
            for (MachineView m : loadedMachines) {
                assertThat(use.get(m.id()).fitsIn(m.capacity())).as("machine %s", m.id()).isTrue();
            }
            assertThat(result.evictions()).isNotEmpty();
            assertThat(result.evictions().stream().map(e -> e.job() + "/" + e.index()).distinct().count())
                    .isEqualTo(result.evictions().size());
        }
    }

    @Test
    void aRunningTaskOnAnUnknownMachineIsRefused() {
        assertThatThrownBy(() -> BOTH.getFirst().schedule(List.of(machine("m1", 4, 8)),
                List.of(running("x", 0, 1, 1, 1, "m9")), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("m9");
    }
}
