package borgcell.scheduler;

import static borgcell.scheduler.Fixtures.GIB;
import static borgcell.scheduler.Fixtures.draining;
import static borgcell.scheduler.Fixtures.machine;
import static borgcell.scheduler.Fixtures.task;
import static borgcell.scheduler.Fixtures.withAttributes;
import static borgcell.scheduler.Fixtures.withConstraints;
import static borgcell.scheduler.Fixtures.withDemand;
import static borgcell.scheduler.Fixtures.withPriority;
import static borgcell.scheduler.Fixtures.withRules;
import static borgcell.scheduler.Fixtures.withRuntime;
import static borgcell.scheduler.Fixtures.withRuntimes;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The pass as a whole with the scale techniques on. */
class ScaledSchedulerTest {

    /** 300 heterogeneous machines in 10 racks and 3 zones, a few draining, a few with microVMs, some half used. */
    private static List<MachineView> cell(long seed) {
        var random = new Random(seed);
        var machines = new ArrayList<MachineView>();
        for (int i = 0; i < 300; i++) {
            var m = new MachineView("m%03d".formatted(i), 1,
                    new Resources((4 + random.nextInt(4) * 8) * 1000L, (8 + random.nextInt(4) * 32) * GIB, 500 * GIB, 50),
                    Resources.ZERO, i % 7 == 0 ? Set.of("process", "microvm") : Set.of("process"),
                    Map.of("rack", "r" + i / 30, "zone", "z" + i % 3), i % 50 != 7);
            if (random.nextInt(3) == 0) {
                m = m.withAllocated(new Resources(m.capacity().cpuMillis() / 2, m.capacity().ramBytes() / 3, 0, 0));
            }
            machines.add(m);
        }
        return machines;
    }

    /** 1500 tasks in jobs of 1 to 60 with mixed sizes, priorities, runtimes and constraints. */
    private static List<TaskRequest> workload(long seed, boolean rules) {
        var random = new Random(seed);
        var tasks = new ArrayList<TaskRequest>();
        for (int j = 0; tasks.size() < 1500; j++) {
            int size = 1 + random.nextInt(60);
            var demand = new Resources(100 + random.nextInt(30) * 300, (1 + random.nextInt(16)) * GIB / 2, GIB, 1);
            var constraints = random.nextInt(6) == 0 ? List.of(Constraint.ne("zone", "z" + random.nextInt(3))) : List.<Constraint>of();
            var runtime = random.nextInt(15) == 0 ? "microvm" : "process";
            var placementRules = !rules ? PlacementRules.NONE : switch (random.nextInt(5)) {
                case 0 -> PlacementRules.atMostPerMachine(1);
                case 1 -> PlacementRules.atMostPerDomain("rack", 3);
                case 2 -> PlacementRules.spreadOver("zone");
                case 3 -> PlacementRules.prefer(new SoftConstraint(Constraint.eq("zone", "z1"), 2));
                default -> PlacementRules.NONE;
            };
            int priority = random.nextInt(400);
            for (int i = 0; i < size; i++) {
                tasks.add(new TaskRequest("job" + j, i, 1, priority, demand, runtime, constraints, placementRules));
            }
        }
        return tasks;
    }

    private static Scheduler scaled(long seed, int limit) {
        return new Scheduler(Pipeline.standard(ScoringPolicy.BEST_FIT),
                SchedulerSettings.scaled(seed).withFeasibleCandidatesLimit(limit));
    }

    @Test
    void withNoCandidateLimitTheScaledPassPlacesExactlyAsTheExhaustiveOne() {
        for (ScoringPolicy policy : ScoringPolicy.values()) {
            for (boolean rules : List.of(false, true)) {
                var pipeline = Pipeline.standard(policy);
                var exhaustive = new Scheduler(pipeline, SchedulerSettings.exhaustive()).schedule(cell(1), List.of(), workload(2, rules));
                var scaled = new Scheduler(pipeline, SchedulerSettings.scaled(3).withFeasibleCandidatesLimit(SchedulerSettings.NO_LIMIT))
                        .schedule(cell(1), List.of(), workload(2, rules));
                assertThat(scaled.placements()).as("%s, rules %s", policy, rules).isEqualTo(exhaustive.placements());
                assertThat(scaled.unplaced()).extracting(Unplaced::job).isEqualTo(
                        exhaustive.unplaced().stream().map(Unplaced::job).toList());
                assertThat(exhaustive.placements()).hasSizeGreaterThan(500);
                assertThat(exhaustive.unplaced()).isNotEmpty();
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameResultWhateverTheListOrder() {
        var expected = scaled(11, 8).schedule(cell(1), List.of(), workload(2, true));
        var random = new Random(4);
        for (int round = 0; round < 5; round++) {
            var machines = new ArrayList<>(cell(1));
            var tasks = new ArrayList<>(workload(2, true));
            Collections.shuffle(machines, random);
            Collections.shuffle(tasks, random);
            assertThat(scaled(11, 8).schedule(machines, List.of(), tasks)).isEqualTo(expected);
        }
    }

    @Test
    void anotherSeedMayChooseOtherMachinesButPlacesAsMuch() {
        var a = scaled(1, 4).schedule(cell(1), List.of(), workload(2, false));
        var b = scaled(2, 4).schedule(cell(1), List.of(), workload(2, false));
        assertThat(a.placements()).isNotEqualTo(b.placements());
        assertThat((double) b.placements().size()).isCloseTo(a.placements().size(), org.assertj.core.data.Percentage.withPercentage(3));
    }

    @Test
    void noMachineIsOverbookedAndEveryHardRuleHolds() {
        var machines = cell(5);
        var tasks = workload(6, true);
        var result = scaled(7, 4).schedule(machines, List.of(), tasks);
        Map<String, MachineView> byId = machines.stream().collect(Collectors.toMap(MachineView::id, m -> m));
        Map<String, TaskRequest> byName = tasks.stream().collect(Collectors.toMap(TaskRequest::name, t -> t));
        Map<String, Resources> use = new HashMap<>();
        machines.forEach(m -> use.put(m.id(), m.allocated()));
        Map<String, Integer> perMachine = new HashMap<>();
        Map<String, Integer> perRack = new HashMap<>();
        for (Placement p : result.placements()) {
            TaskRequest t = byName.get(p.job() + "/" + p.index());
            MachineView m = byId.get(p.machineId());
            use.merge(m.id(), t.demand(), Resources::plus);
            assertThat(m.schedulable()).isTrue();
            assertThat(m.runtimes()).contains(t.runtime());
            assertThat(t.constraints()).allSatisfy(c -> assertThat(c.holdsOn(m.attributes())).isTrue());
            int onMachine = perMachine.merge(t.job() + "@" + m.id(), 1, Integer::sum);
            int inRack = perRack.merge(t.job() + "@" + m.attributes().get("rack"), 1, Integer::sum);
            if (t.rules().maxPerMachine() > 0) {
                assertThat(onMachine).isLessThanOrEqualTo(t.rules().maxPerMachine());
            }
            if (t.rules().maxPerDomain() > 0) {
                assertThat(inRack).isLessThanOrEqualTo(t.rules().maxPerDomain());
            }
        }
        machines.forEach(m -> assertThat(use.get(m.id()).fitsIn(m.capacity())).as(m.id()).isTrue());
        assertThat(result.placements().size() + result.unplaced().size()).isEqualTo(tasks.size());
    }

    @Test
    void packingWithTheDefaultLimitStaysCloseToExhaustive() {
        var machines = new ArrayList<MachineView>();
        for (int i = 0; i < 200; i++) {
            machines.add(machine("m%03d".formatted(i), 16 + i % 3 * 16, 64 + i % 2 * 64));
        }
        var tasks = workload(9, false).subList(0, 800);
        var exhaustive = new Scheduler(ScoringPolicy.BEST_FIT).schedule(machines, tasks);
        var scaled = scaled(1, SchedulerSettings.DEFAULT_FEASIBLE_CANDIDATES_LIMIT).schedule(machines, List.of(), tasks);
        long usedExhaustive = exhaustive.placements().stream().map(Placement::machineId).distinct().count();
        long usedScaled = scaled.placements().stream().map(Placement::machineId).distinct().count();
        assertThat(scaled.placements()).hasSameSizeAs(exhaustive.placements());
        assertThat((double) usedScaled).isLessThanOrEqualTo(usedExhaustive * 1.05);
    }

    @Test
    void spreadingPutsAJobsTasksInEveryZoneBeforeDoublingUp() {
        var machines = new ArrayList<MachineView>();
        for (int i = 0; i < 9; i++) {
            machines.add(withAttributes(machine("m" + i, 8, 16), Map.of("zone", "z" + i % 3)));
        }
        var rules = PlacementRules.spreadOver("zone");
        var tasks = new ArrayList<TaskRequest>();
        for (int i = 0; i < 3; i++) {
            tasks.add(withRules(task("web", i, 1, 1), rules));
        }
        for (Scheduler s : List.of(scaled(1, 32), new Scheduler(ScoringPolicy.BEST_FIT))) {
            var result = s.schedule(machines, List.of(), tasks);
            assertThat(result.placements().stream().map(p -> "z" + Integer.parseInt(p.machineId().substring(1)) % 3).distinct())
                    .hasSize(3);
        }
    }

    @Test
    void aPreferenceWinsAmongOtherwiseEqualMachines() {
        var machines = List.of(machine("m1", 8, 16), withAttributes(machine("m2", 8, 16), Map.of("ssd", "yes")));
        var t = withRules(task("db", 0, 1, 1), PlacementRules.prefer(new SoftConstraint(Constraint.eq("ssd", "yes"), 1)));
        assertThat(scaled(1, 32).schedule(machines, List.of(), List.of(t)).placements())
                .singleElement().extracting(Placement::machineId).isEqualTo("m2");
    }

    @Test
    void drainingMachinesAndMissingRuntimesAreHonouredByTheIndexedSearch() {
        var machines = List.of(draining(machine("m1", 64, 64)), withRuntimes(machine("m2", 8, 8), "process", "microvm"),
                machine("m3", 8, 8));
        var tasks = List.of(withRuntime(task("vm", 0, 1, 1), "microvm"), withPriority(task("big", 0, 16, 1), 300),
                withConstraints(withDemand(task("c", 0, 0, 0), Fixtures.cores(1, 1)), Constraint.exists("gpu")));
        var result = scaled(1, 32).schedule(machines, List.of(), tasks);
        assertThat(result.placements()).singleElement().extracting(Placement::machineId).isEqualTo("m2");
        assertThat(result.unplaced()).extracting(Unplaced::job).containsExactly("big", "c");
    }
}
