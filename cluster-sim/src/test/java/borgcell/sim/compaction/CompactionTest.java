package borgcell.sim.compaction;

import static org.assertj.core.api.Assertions.assertThat;

import borgcell.scheduler.MachineView;
import borgcell.scheduler.PlacementRules;
import borgcell.scheduler.Resources;
import borgcell.scheduler.ScoringPolicy;
import borgcell.scheduler.TaskRequest;
import borgcell.sim.SimJob;
import borgcell.sim.SyntheticWorkload;
import borgcell.sim.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CompactionTest {

    private static final long GIB = 1L << 30;

    @Test
    void eightHalfMachineTasksNeedFourOfTenMachinesUnderEveryPolicy() {
        Workload w = new Workload(machines(10, 4), List.of(job("half", 8, 2, PlacementRules.NONE)), 1);
        CompactionReport r = Compaction.run(w, Compaction.Options.of(3, 1));
        for (ScoringPolicy p : ScoringPolicy.values()) {
            assertThat(r.needed().get(p)).as(p.name()).containsExactly(4, 4, 4);
            assertThat(r.p90(p)).isEqualTo(4);
        }
        assertThat(r.tasksCompared()).isEqualTo(8);
    }

    @Test
    void oneTaskPerMachineNeedsAsManyMachinesAsTasks() {
        Workload w = new Workload(machines(10, 4), List.of(job("apart", 6, 1, PlacementRules.atMostPerMachine(1))), 1);
        CompactionReport r = Compaction.run(w, Compaction.Options.of(2, 7));
        assertThat(r.p90(ScoringPolicy.BEST_FIT)).isEqualTo(6);
        assertThat(r.p90(ScoringPolicy.WORST_FIT)).isEqualTo(6);
    }

    @Test
    void aTaskNoPolicyCanPlaceIsLeftOutAndCounted() {
        Workload w = new Workload(machines(10, 4),
                List.of(job("half", 8, 2, PlacementRules.NONE), job("huge", 1, 64, PlacementRules.NONE)), 1);
        CompactionReport r = Compaction.run(w, Compaction.Options.of(1, 1));
        assertThat(r.tasks()).isEqualTo(9);
        assertThat(r.tasksCompared()).isEqualTo(8);
        assertThat(r.p90(ScoringPolicy.HYBRID)).isEqualTo(4);
        assertThat(r.json()).startsWith("{\"mode\":\"compaction\",\"machines\":10,\"tasks\":9,")
                .contains("\"machines_needed_p90\":{\"best_fit\":4,\"worst_fit\":4,\"hybrid\":4}", "\"seed\":1", "\"cores\":");
        assertThat(r.table()).contains("best_fit", "p90 needed", "40.0%");
    }

    @Test
    void aSyntheticCellCompactsAndTheSameSeedGivesTheSameAnswer() {
        Workload w = SyntheticWorkload.generate(200, 1_000, 5, 0.4);
        var o = new Compaction.Options(List.of(ScoringPolicy.BEST_FIT), 2, 5, 32);
        CompactionReport a = Compaction.run(w, o);
        assertThat(a.needed()).isEqualTo(Compaction.run(w, o).needed());
        assertThat(a.p90(ScoringPolicy.BEST_FIT)).isLessThanOrEqualTo(a.machines());
    }

    @Test
    void theRemovalOrderIsAPermutationDrawnFromTheSeed() {
        List<MachineView> m = machines(20, 4);
        assertThat(Compaction.shuffled(m, 3)).containsExactlyInAnyOrderElementsOf(m).isEqualTo(Compaction.shuffled(m, 3))
                .isNotEqualTo(Compaction.shuffled(m, 4));
    }

    private static List<MachineView> machines(int count, int cores) {
        List<MachineView> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new MachineView("m%02d".formatted(i), 1, new Resources(cores * 1000L, 16 * GIB, 100 * GIB, 100),
                    Resources.ZERO, Set.of("process"), Map.of(), true));
        }
        return out;
    }

    private static SimJob job(String name, int tasks, int cores, PlacementRules rules) {
        List<TaskRequest> list = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            list.add(new TaskRequest(name, i, 1, 200, new Resources(cores * 1000L, GIB, 0, 0), "process", List.of(), rules));
        }
        return new SimJob(name, SimJob.Kind.SERVICE, 200, -1, list);
    }
}
