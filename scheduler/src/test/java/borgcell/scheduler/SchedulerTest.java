package borgcell.scheduler;

import static borgcell.scheduler.Fixtures.GIB;
import static borgcell.scheduler.Fixtures.draining;
import static borgcell.scheduler.Fixtures.machine;
import static borgcell.scheduler.Fixtures.task;
import static borgcell.scheduler.Fixtures.withAttributes;
import static borgcell.scheduler.Fixtures.withConstraints;
import static borgcell.scheduler.Fixtures.withDemand;
import static borgcell.scheduler.Fixtures.withPriority;
import static borgcell.scheduler.Fixtures.withRuntime;
import static borgcell.scheduler.Fixtures.withRuntimes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SchedulerTest {

    private final Scheduler bestFit = new Scheduler(ScoringPolicy.BEST_FIT);
    private final Scheduler worstFit = new Scheduler(ScoringPolicy.WORST_FIT);

    private static MachineView used(MachineView m, double cores, long ramGib) {
        return m.withAllocated(Fixtures.cores(cores, ramGib));
    }

    private static Map<String, String> machineOf(PassResult result) {
        return result.placements().stream()
                .collect(Collectors.toMap(p -> p.job() + "/" + p.index(), Placement::machineId));
    }

    // --- choosing a machine ---

    @Test
    void bestFitPutsATaskOnTheFullestMachineThatStillTakesIt() {
        var machines = List.of(
                machine("empty", 8, 16),
                used(machine("half", 8, 16), 4, 8),
                used(machine("tooFull", 8, 16), 7.5, 15));
        var result = bestFit.schedule(machines, List.of(task("web", 0, 1, 2)));
        assertThat(result.placements()).singleElement().extracting(Placement::machineId).isEqualTo("half");
    }

    @Test
    void worstFitPutsATaskOnTheEmptiestMachine() {
        var machines = List.of(
                used(machine("half", 8, 16), 4, 8),
                machine("empty", 8, 16),
                used(machine("nearlyFull", 8, 16), 6, 12));
        var result = worstFit.schedule(machines, List.of(task("web", 0, 1, 2)));
        assertThat(result.placements()).singleElement().extracting(Placement::machineId).isEqualTo("empty");
    }

    @Test
    void bestFitFillsOneMachineBeforeStartingTheNextWhileWorstFitSpreads() {
        var machines = List.of(machine("m1", 4, 8), machine("m2", 4, 8));
        var tasks = List.of(task("web", 0, 1, 1), task("web", 1, 1, 1));
        assertThat(machineOf(bestFit.schedule(machines, tasks))).containsOnly(
                Map.entry("web/0", "m1"), Map.entry("web/1", "m1"));
        assertThat(machineOf(worstFit.schedule(machines, tasks))).containsOnly(
                Map.entry("web/0", "m1"), Map.entry("web/1", "m2"));
    }

    @Test
    void equalScoresGoToTheSmallestMachineId() {
        var machines = List.of(machine("m3", 4, 8), machine("m1", 4, 8), machine("m2", 4, 8));
        assertThat(bestFit.schedule(machines, List.of(task("web", 0, 1, 1))).placements())
                .singleElement().extracting(Placement::machineId).isEqualTo("m1");
        assertThat(worstFit.schedule(machines, List.of(task("web", 0, 1, 1))).placements())
                .singleElement().extracting(Placement::machineId).isEqualTo("m1");
    }

    @Test
    void aPlacementCarriesTheVersionsItWasDecidedOn() {
        var m = new MachineView("m1", 42, Fixtures.cores(4, 8), Resources.ZERO,
                Set.of("process"), Map.of(), true);
        var t = new TaskRequest("web", 3, 17, 100, Fixtures.cores(1, 1), "process", List.of());
        assertThat(bestFit.schedule(List.of(m), List.of(t)).placements())
                .containsExactly(new Placement("web", 3, 17, "m1", 42));
    }

    @Test
    void aDrainingMachineNeverReceivesATaskEvenWhenItIsTheBestFit() {
        var machines = List.of(draining(used(machine("m1", 4, 8), 3, 7)), machine("m2", 4, 8));
        assertThat(bestFit.schedule(machines, List.of(task("web", 0, 1, 1))).placements())
                .singleElement().extracting(Placement::machineId).isEqualTo("m2");
    }

    @Test
    void runtimeAndConstraintsSteerTasksToTheMachinesThatMeetThem() {
        var machines = List.of(
                withAttributes(machine("a1", 4, 8), Map.of("zone", "a")),
                withRuntimes(withAttributes(machine("b1", 4, 8), Map.of("zone", "b")), "process", "microvm"),
                withRuntimes(withAttributes(machine("b2", 4, 8), Map.of("zone", "b")), "process"));
        var vm = withRuntime(task("vm", 0, 1, 1), "microvm");
        var zoned = withConstraints(task("zoned", 0, 1, 1), Constraint.eq("zone", "a"));
        assertThat(machineOf(bestFit.schedule(machines, List.of(vm, zoned)))).containsOnly(
                Map.entry("vm/0", "b1"), Map.entry("zoned/0", "a1"));
    }

    @Test
    void whatAMachineAlreadyRunsIsRespected() {
        var machines = List.of(used(machine("m1", 4, 8), 3.5, 1));
        var result = bestFit.schedule(machines, List.of(task("web", 0, 1, 1)));
        assertThat(result.placements()).isEmpty();
        assertThat(result.unplaced()).containsExactly(new Unplaced("web", 0, "0/1 machines fit: 1 insufficient cpu"));
    }

    // --- order ---

    @Test
    void higherPriorityTasksAreConsideredFirst() {
        var machines = List.of(machine("m1", 2, 8));
        var batch = withPriority(task("aaa-batch", 0, 2, 1), 100);
        var prod = withPriority(task("zzz-prod", 0, 2, 1), 200);
        var result = bestFit.schedule(machines, List.of(batch, prod));
        assertThat(result.placements()).extracting(Placement::job).containsExactly("zzz-prod");
        assertThat(result.unplaced()).extracting(Unplaced::job).containsExactly("aaa-batch");
    }

    @Test
    void tasksOfEqualPriorityGoInJobNameThenNumericIndexOrder() {
        var machines = List.of(machine("m1", 100, 100));
        var tasks = List.of(task("web", 10, 1, 1), task("api", 1, 1, 1), task("web", 9, 1, 1),
                task("api", 0, 1, 1), withPriority(task("zeta", 0, 1, 1), 300));
        assertThat(bestFit.schedule(machines, tasks).placements())
                .extracting(p -> p.job() + "/" + p.index())
                .containsExactly("zeta/0", "api/0", "api/1", "web/9", "web/10");
    }

    @Test
    void unplacedTasksAreReportedInTheOrderTheyWereConsidered() {
        var tasks = List.of(task("b", 1, 1, 1), task("b", 0, 1, 1), withPriority(task("a", 0, 1, 1), 50));
        assertThat(bestFit.schedule(List.of(), tasks).unplaced())
                .extracting(u -> u.job() + "/" + u.index()).containsExactly("b/0", "b/1", "a/0");
    }

    // --- determinism ---

    private static List<MachineView> mixedCell() {
        var machines = new ArrayList<MachineView>();
        for (int i = 0; i < 40; i++) {
            var m = machine("m%02d".formatted(i), 4 + i % 3 * 4, 8 + i % 4 * 8);
            if (i % 5 == 0) {
                m = withRuntimes(m, "process", "microvm");
            }
            m = withAttributes(m, Map.of("zone", "z" + i % 3, "rack", String.valueOf(i / 8)));
            machines.add(used(m, i % 4, i % 8));
        }
        machines.set(13, draining(machines.get(13)));
        return machines;
    }

    private static List<TaskRequest> mixedTasks() {
        var tasks = new ArrayList<TaskRequest>();
        for (int i = 0; i < 120; i++) {
            var t = withPriority(task("job" + i % 7, i, 0.5 + i % 4, 1 + i % 6), 100 + i % 3 * 100);
            if (i % 11 == 0) {
                t = withRuntime(t, "microvm");
            }
            if (i % 9 == 0) {
                t = withConstraints(t, Constraint.ne("zone", "z1"), Constraint.lt("rack", "4"));
            }
            tasks.add(t);
        }
        return tasks;
    }

    @Test
    void theSameInputTwiceGivesEqualResults() {
        for (Scheduler s : List.of(bestFit, worstFit)) {
            var first = s.schedule(mixedCell(), mixedTasks());
            var second = s.schedule(mixedCell(), mixedTasks());
            assertThat(second).isEqualTo(first);
            assertThat(first.placements()).isNotEmpty();
            assertThat(first.unplaced()).isNotEmpty();
        }
    }

    @Test
    void aShuffledMachineOrTaskListGivesTheSameResult() {
        for (Scheduler s : List.of(bestFit, worstFit)) {
            var expected = s.schedule(mixedCell(), mixedTasks());
            var random = new Random(7);
            for (int round = 0; round < 20; round++) {
                var machines = new ArrayList<>(mixedCell());
                var tasks = new ArrayList<>(mixedTasks());
                Collections.shuffle(machines, random);
                Collections.shuffle(tasks, random);
                assertThat(s.schedule(machines, tasks)).isEqualTo(expected);
            }
        }
    }

    @Test
    void aPassLeavesItsInputListsAsTheyWere() {
        var machines = new ArrayList<>(List.of(machine("m2", 4, 8), machine("m1", 4, 8)));
        var tasks = new ArrayList<>(List.of(task("b", 0, 1, 1), task("a", 0, 1, 1)));
        var machinesBefore = List.copyOf(machines);
        var tasksBefore = List.copyOf(tasks);
        bestFit.schedule(machines, tasks);
        assertThat(machines).isEqualTo(machinesBefore);
        assertThat(tasks).isEqualTo(tasksBefore);
    }

    // --- no overbooking ---

    @Test
    void aPassNeverOverbooksAMachine() {
        var random = new Random(42);
        var machines = IntStream.range(0, 25)
                .mapToObj(i -> new MachineView("m" + i, 1,
                        new Resources(8000 + random.nextInt(8) * 1000, (16 + random.nextInt(16)) * GIB, 200 * GIB, 20),
                        new Resources(random.nextInt(4000), random.nextInt(8) * GIB, random.nextInt(50) * GIB,
                                random.nextInt(5)),
                        Set.of("process"), Map.of(), true))
                .toList();
        var tasks = IntStream.range(0, 600)
                .mapToObj(i -> withDemand(task("job" + i % 13, i, 0, 0), new Resources(
                        100 + random.nextInt(2000), (1 + random.nextInt(4)) * GIB, random.nextInt(20) * GIB,
                        random.nextInt(3))))
                .toList();
        Map<String, TaskRequest> byKey = tasks.stream().collect(Collectors.toMap(t -> t.job() + "/" + t.index(), t -> t));

        for (Scheduler s : List.of(bestFit, worstFit)) {
            var result = s.schedule(machines, tasks);
            Map<String, Resources> use = new HashMap<>();
            machines.forEach(m -> use.put(m.id(), m.allocated()));
            for (Placement p : result.placements()) {
                use.merge(p.machineId(), byKey.get(p.job() + "/" + p.index()).demand(), Resources::plus);
            }
            for (MachineView m : machines) {
                assertThat(use.get(m.id()).fitsIn(m.capacity())).as("machine %s", m.id()).isTrue();
            }
            assertThat(result.placements()).hasSizeGreaterThan(100);
            assertThat(result.unplaced()).isNotEmpty();
            assertThat(result.placements().size() + result.unplaced().size()).isEqualTo(tasks.size());
        }
    }

    @Test
    void aPassFillsMachinesExactlyToCapacityAndNoFurther() {
        var machines = IntStream.range(0, 10).mapToObj(i -> machine("m" + i, 4, 64)).toList();
        var tasks = IntStream.range(0, 50).mapToObj(i -> task("web", i, 1, 1)).toList();
        var result = bestFit.schedule(machines, tasks);
        assertThat(result.placements()).hasSize(40);
        assertThat(result.placements().stream().collect(Collectors.groupingBy(Placement::machineId, Collectors.counting())))
                .hasSize(10).allSatisfy((id, count) -> assertThat(count).isEqualTo(4));
        assertThat(result.unplaced()).hasSize(10)
                .allSatisfy(u -> assertThat(u.reason()).isEqualTo("0/10 machines fit: 10 insufficient cpu"));
    }

    // --- why pending ---

    @Test
    void theReasonCountsEachMachineOnceUnderTheFirstCheckThatRejectedIt() {
        var machines = List.of(
                withRuntimes(machine("m1", 4, 2), "process", "microvm"),
                withRuntimes(machine("m2", 4, 2), "process", "microvm"),
                machine("m3", 4, 2)); // short of ram too, but the runtime is checked first
        var t = withRuntime(task("web", 0, 1, 4), "microvm");
        assertThat(bestFit.schedule(machines, List.of(t)).unplaced()).containsExactly(
                new Unplaced("web", 0, "0/3 machines fit: 2 insufficient ram, 1 runtime microvm not offered"));
    }

    @Test
    void theReasonListsEveryKindOfRejectionMostFrequentFirstAndTiesAlphabetically() {
        var withGpu = Map.of("gpu", "none");
        var machines = List.of(
                draining(machine("d1", 64, 64)),
                withRuntimes(machine("r1", 64, 64)),
                machine("c1", 1, 64),
                machine("c2", 1, 64),
                machine("c3", 1, 64),
                machine("k1", 64, 1),
                new MachineView("disk1", 1, new Resources(64_000, 64 * GIB, 0, 10), Resources.ZERO,
                        Set.of("process"), withGpu, true),
                new MachineView("ports1", 1, new Resources(64_000, 64 * GIB, 100 * GIB, 0), Resources.ZERO,
                        Set.of("process"), withGpu, true),
                withAttributes(machine("g1", 64, 64), Map.of("gpu", "none")),
                withAttributes(machine("g2", 64, 64), Map.of("gpu", "none")));
        var t = withConstraints(withDemand(task("ml", 0, 0, 0), new Resources(2000, 2 * GIB, GIB, 1)),
                Constraint.in("gpu", "a100", "h100"));
        assertThat(bestFit.schedule(machines, List.of(t)).unplaced()).singleElement()
                .extracting(Unplaced::reason).isEqualTo("0/10 machines fit: 3 insufficient cpu, "
                        + "2 constraint gpu IN [a100, h100] not met, 1 insufficient disk, 1 insufficient ports, "
                        + "1 insufficient ram, 1 not schedulable (draining or down), 1 runtime process not offered");
    }

    @Test
    void aMachineFilledEarlierInThePassIsReportedAsFull() {
        var machines = List.of(machine("m1", 2, 8));
        var result = bestFit.schedule(machines, List.of(task("web", 0, 2, 1), task("web", 1, 2, 1)));
        assertThat(result.unplaced()).containsExactly(new Unplaced("web", 1, "0/1 machines fit: 1 insufficient cpu"));
    }

    @Test
    void withZeroMachinesEveryTaskIsUnplacedBecauseNoMachinesAreRegistered() {
        var result = bestFit.schedule(List.of(), List.of(task("web", 0, 1, 1), task("web", 1, 1, 1)));
        assertThat(result.placements()).isEmpty();
        assertThat(result.unplaced()).extracting(Unplaced::reason)
                .containsExactly("0/0 machines fit: no machines registered", "0/0 machines fit: no machines registered");
    }

    @Test
    void withNoPendingTasksAPassPlacesNothing() {
        assertThat(bestFit.schedule(List.of(machine("m1", 4, 8)), List.of()))
                .isEqualTo(new PassResult(List.of(), List.of()));
    }

    // --- bad input ---

    @Test
    void twoMachinesWithTheSameIdAreRefused() {
        assertThatThrownBy(() -> bestFit.schedule(List.of(machine("m1", 4, 8), machine("m1", 8, 8)), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("m1");
    }

    @Test
    void theSameTaskTwiceIsRefused() {
        var t = task("web", 0, 1, 1);
        assertThatThrownBy(() -> bestFit.schedule(List.of(), List.of(t, withPriority(t, 300))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("web/0");
    }

    @Test
    void aNegativeDemandIsRefusedWhenTheRequestIsBuilt() {
        assertThatThrownBy(() -> withDemand(task("web", 0, 1, 1), new Resources(-1, 0, 0, 0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCustomPipelineCanStandInForTheStandardOne() {
        // A scorer that prefers ids late in the alphabet: parts compose without touching Scheduler.
        Function<String, Double> lateness = id -> (double) id.charAt(id.length() - 1) / 128;
        var pipeline = new Pipeline(Pipeline.standard(ScoringPolicy.BEST_FIT).checks(),
                List.of((task, m) -> lateness.apply(m.id())));
        var result = new Scheduler(pipeline).schedule(
                List.of(machine("m1", 4, 8), machine("m3", 4, 8), machine("m2", 4, 8)), List.of(task("web", 0, 1, 1)));
        assertThat(result.placements()).singleElement().extracting(Placement::machineId).isEqualTo("m3");
    }
}
