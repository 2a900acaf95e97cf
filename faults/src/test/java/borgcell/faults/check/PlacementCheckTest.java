package borgcell.faults.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlacementCheckTest {

    @Test
    void aNewMachineWithANewAttemptIsFine() {
        assertThat(PlacementCheck.check(List.of(new ObservedPlacement("a", 0, 1, "m1"), new ObservedPlacement("a", 0, 2, "m2"),
                new ObservedPlacement("a", 0, 1, "m1")))).isEmpty();
    }

    @Test
    void oneAttemptOnTwoMachinesIsRejected() {
        assertThat(PlacementCheck.check(List.of(new ObservedPlacement("a", 0, 1, "m1"), new ObservedPlacement("a", 0, 1, "m2"))))
                .singleElement().extracting(Finding::kind).isEqualTo("two-machines");
    }
}
