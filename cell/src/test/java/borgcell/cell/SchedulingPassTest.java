package borgcell.cell;

import static borgcell.cell.Fixtures.GI;
import static borgcell.cell.Fixtures.register;
import static borgcell.cell.Fixtures.spec;
import static borgcell.cell.Fixtures.submit;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SchedulingPassTest {
    private final Cell cell = new Cell();
    private final SchedulingPass pass = new SchedulingPass();

    @Test
    void aTickAfterOneThatPlacedNothingSkipsUntilTheCellChanges() {
        cell.apply(1, submit("r", spec("web", 2))); // no machines: nothing can be placed
        SchedulingPass.Tick first = pass.tick(1, CellReads.of(cell));
        assertThat(first.result().unplaced()).hasSize(2);
        assertThat(first.placed()).isFalse();

        assertThat(pass.tick(1, CellReads.of(cell)).input()).as("same index: not even read").isNull();

        cell.apply(2, register("m1", 4000, 4 * GI));
        SchedulingPass.Tick placing = pass.tick(2, CellReads.of(cell));
        assertThat(placing.placed()).isTrue();
        assertThat(placing.command().getAssignmentsCount()).isEqualTo(2);
        assertThat(pass.passes()).isEqualTo(2);
    }

    @Test
    void aCopyRunsAheadWithoutMovingTheOriginal() {
        cell.apply(1, register("m1", 4000, 4 * GI));
        cell.apply(2, submit("r", spec("web", 1)));
        SchedulingPass copy = pass.copy();

        assertThat(copy.tick(2, CellReads.of(cell)).placed()).isTrue();

        assertThat(copy.passes()).isEqualTo(1);
        assertThat(pass.passes()).as("the original has run nothing").isZero();
        assertThat(pass.tick(2, CellReads.of(cell)).placed()).as("and still would").isTrue();
    }

    @Test
    void nothingPendingIsCountedWithoutReadingTheJobs() {
        cell.apply(1, register("m1", 4000, 4 * GI));
        SchedulingPass.Tick tick = pass.tick(1, CellReads.of(cell));
        assertThat(tick.result()).isNull();
        assertThat(tick.input().pendingByBand()).isEmpty();
        assertThat(pass.passes()).isZero();
    }
}
