package borgcell.scheduler.feasibility;

import static borgcell.scheduler.Fixtures.machine;
import static borgcell.scheduler.Fixtures.task;
import static borgcell.scheduler.Fixtures.withDemand;
import static org.assertj.core.api.Assertions.assertThat;

import borgcell.scheduler.Dimension;
import borgcell.scheduler.MachineView;
import borgcell.scheduler.Resources;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResourcesFitTest {

    private final ResourcesFit check = new ResourcesFit();
    private final MachineView half = new MachineView("m1", 1, new Resources(4000, 8000, 100, 10),
            new Resources(2000, 4000, 50, 5), Set.of("process"), Map.of(), true);

    @Test
    void aTaskThatExactlyFillsWhatIsFreeFits() {
        assertThat(check.check(withDemand(task("web", 0, 0, 0), new Resources(2000, 4000, 50, 5)), half)).isEmpty();
    }

    @ParameterizedTest(name = "one unit too much {4} is rejected")
    @CsvSource({
            "2001, 0, 0, 0, cpu",
            "0, 4001, 0, 0, ram",
            "0, 0, 51, 0, disk",
            "0, 0, 0, 6, ports",
    })
    void eachDimensionIsCheckedAgainstCapacityMinusAllocation(long cpu, long ram, long disk, int ports, String label) {
        var t = withDemand(task("web", 0, 0, 0), new Resources(cpu, ram, disk, ports));
        assertThat(check.check(t, half)).map(Rejection::reason).contains("insufficient " + label);
    }

    @Test
    void theFirstShortDimensionIsTheOneReported() {
        var t = withDemand(task("web", 0, 0, 0), new Resources(0, 9000, 999, 99));
        assertThat(check.check(t, half)).get().isEqualTo(new ResourcesFit.Insufficient(Dimension.RAM));
    }

    @Test
    void aHugeDemandDoesNotOverflowIntoFitting() {
        var t = withDemand(task("web", 0, 0, 0), new Resources(Long.MAX_VALUE, 0, 0, 0));
        assertThat(check.check(t, half)).map(Rejection::reason).contains("insufficient cpu");
    }

    @Test
    void anOvercommittedMachineTakesNothingMoreOfThatResource() {
        var over = half.withAllocated(new Resources(5000, 0, 0, 0));
        assertThat(check.check(withDemand(task("web", 0, 0, 0), new Resources(0, 1, 0, 0)), over))
                .map(Rejection::reason).contains("insufficient cpu");
        assertThat(check.check(withDemand(task("web", 0, 0, 0), new Resources(1, 0, 0, 0)), over))
                .map(Rejection::reason).contains("insufficient cpu");
    }

    @Test
    void anEmptyMachineTakesATaskOfItsWholeSize() {
        assertThat(check.check(task("web", 0, 4, 8), machine("m2", 4, 8))).isEmpty();
        assertThat(check.check(task("web", 0, 4.001, 8), machine("m2", 4, 8))).isPresent();
    }
}
