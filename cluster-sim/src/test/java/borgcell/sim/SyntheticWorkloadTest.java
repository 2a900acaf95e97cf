package borgcell.sim;

import static org.assertj.core.api.Assertions.assertThat;

import borgcell.scheduler.MachineView;
import borgcell.scheduler.PriorityBand;
import borgcell.scheduler.TaskRequest;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SyntheticWorkloadTest {

    private final Workload w = SyntheticWorkload.generate(800, 8_000, 1);

    @Test
    void theSameSeedGivesTheSameWorkloadAndAnotherSeedAnother() {
        assertThat(SyntheticWorkload.generate(800, 8_000, 1)).isEqualTo(w);
        assertThat(SyntheticWorkload.generate(800, 8_000, 2)).isNotEqualTo(w);
    }

    @Test
    void itHasExactlyTheTasksAskedFor() {
        assertThat(w.tasks()).hasSize(8_000);
        assertThat(w.machines()).hasSize(800);
    }

    @Test
    void machinesAreHeterogeneousWithPlatformRackAndZone() {
        assertThat(w.machines()).allSatisfy(m -> assertThat(m.attributes()).containsKeys("platform", "rack", "zone"));
        assertThat(w.machines().stream().map(m -> m.attributes().get("platform")).distinct()).hasSizeGreaterThanOrEqualTo(4);
        assertThat(w.machines().stream().map(m -> m.attributes().get("zone")).distinct()).hasSize(SyntheticWorkload.ZONES);
        assertThat(w.machines()).anyMatch(m -> !m.schedulable()).anyMatch(m -> m.runtimes().contains("microvm"));
    }

    @Test
    void jobsCoverEveryBandBothKindsAndHeavyTailedSizes() {
        assertThat(w.jobs().stream().map(SimJob::band).collect(Collectors.toSet())).containsExactlyInAnyOrder(PriorityBand.values());
        assertThat(w.jobs().stream().map(SimJob::kind).collect(Collectors.toSet())).hasSize(2);
        var sizes = w.jobs().stream().mapToInt(j -> j.tasks().size()).sorted().toArray();
        assertThat(sizes[sizes.length / 2]).isLessThanOrEqualTo(3);
        assertThat(sizes[sizes.length - 1]).isGreaterThan(100);
    }

    @Test
    void someJobsHaveConstraintsAntiAffinitySpreadingAndPreferences() {
        var tasks = w.tasks();
        assertThat(tasks).anyMatch(t -> !t.constraints().isEmpty());
        assertThat(tasks).anyMatch(t -> t.rules().maxPerMachine() > 0);
        assertThat(tasks).anyMatch(t -> t.rules().maxPerDomain() > 0);
        assertThat(tasks).anyMatch(t -> t.rules().spreadAttribute() != null);
        assertThat(tasks).anyMatch(t -> !t.rules().preferences().isEmpty());
        assertThat(tasks).anyMatch(t -> t.runtime().equals("microvm"));
    }

    @Test
    void theWorkloadAsksForAboutTheLoadOfTheCellsCpu() {
        double capacity = w.machines().stream().filter(MachineView::schedulable).mapToLong(m -> m.capacity().cpuMillis()).sum();
        double demand = w.tasks().stream().mapToLong(t -> t.demand().cpuMillis()).sum();
        assertThat(demand / capacity).isBetween(SyntheticWorkload.DEFAULT_LOAD - 0.02, SyntheticWorkload.DEFAULT_LOAD + 0.02);
    }

    @Test
    void moreJobsForTheSameCellAreSizedAlikeAndNamedApart() {
        var more = SyntheticWorkload.moreJobs(w, 500, 9, "online-");
        assertThat(more.stream().mapToInt(j -> j.tasks().size()).sum()).isEqualTo(500);
        assertThat(more).allSatisfy(j -> assertThat(j.name()).startsWith("online-"));
        assertThat(more.stream().flatMap(j -> j.tasks().stream()).mapToLong(t -> t.demand().cpuMillis()).max().getAsLong())
                .isLessThanOrEqualTo(w.tasks().stream().mapToLong(t -> t.demand().cpuMillis()).max().getAsLong() * 2);
        assertThat(more.getFirst().tasks()).extracting(TaskRequest::job).containsOnly(more.getFirst().name());
    }
}
