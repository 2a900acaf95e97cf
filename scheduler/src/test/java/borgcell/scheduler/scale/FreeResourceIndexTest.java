package borgcell.scheduler.scale;

import static org.assertj.core.api.Assertions.assertThat;

import borgcell.scheduler.scoring.MachinePreference;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FreeResourceIndexTest {

    private static final long GIB = 1L << 30;

    private static List<Integer> visitAll(FreeResourceIndex index, long cpu, long ram, MachinePreference order) {
        List<Integer> seen = new ArrayList<>();
        index.visit(cpu, ram, order, new SplittableRandom(1), m -> seen.add(m));
        return seen;
    }

    @Test
    void levelsNeverPutAMachineWithRoomBelowTheDemand() {
        var random = new SplittableRandom(3);
        for (int i = 0; i < 100_000; i++) {
            long demand = random.nextLong(1, 1L << 40);
            long free = demand + random.nextLong(0, 1L << 40);
            assertThat(FreeResourceIndex.level(free, 10)).isGreaterThanOrEqualTo(FreeResourceIndex.level(demand, 10));
        }
    }

    @Test
    void machinesTooSmallInEitherResourceAreNeverVisited() {
        var index = new FreeResourceIndex(3);
        index.put(0, 100, 64 * GIB);    // a tenth of a core free
        index.put(1, 16_000, GIB / 4);  // a quarter GiB free
        index.put(2, 16_000, 64 * GIB);
        assertThat(visitAll(index, 4_000, 8 * GIB, MachinePreference.FULLER)).containsExactly(2);
    }

    @Test
    void fullerMachinesComeFirstForPackingAndEmptierOnesForSpreading() {
        var index = new FreeResourceIndex(3);
        index.put(0, 32_000, 128 * GIB);
        index.put(1, 2_000, 4 * GIB);
        index.put(2, 8_000, 16 * GIB);
        assertThat(visitAll(index, 1_000, GIB, MachinePreference.FULLER)).containsExactly(1, 2, 0);
        assertThat(visitAll(index, 1_000, GIB, MachinePreference.EMPTIER)).containsExactly(0, 2, 1);
    }

    @Test
    void aMachineMovesWhenItsFreeResourcesChangeAndLeavesWhenRemoved() {
        var index = new FreeResourceIndex(2);
        index.put(0, 32_000, 128 * GIB);
        index.put(1, 32_000, 128 * GIB);
        index.put(0, 500, GIB);
        assertThat(visitAll(index, 1_000, 2 * GIB, MachinePreference.FULLER)).containsExactly(1);
        index.remove(1);
        assertThat(visitAll(index, 1_000, 2 * GIB, MachinePreference.FULLER)).isEmpty();
        assertThat(visitAll(index, 100, GIB / 2, MachinePreference.FULLER)).containsExactly(0);
    }

    @Test
    void theVisitorCanStopTheSearch() {
        var index = new FreeResourceIndex(10);
        for (int m = 0; m < 10; m++) {
            index.put(m, 4_000, 8 * GIB);
        }
        List<Integer> seen = new ArrayList<>();
        int visited = index.visit(1, 1, MachinePreference.FULLER, new SplittableRandom(1), m -> seen.add(m) && seen.size() < 3);
        assertThat(visited).isEqualTo(3);
        assertThat(seen).hasSize(3).doesNotHaveDuplicates();
    }

    @Test
    void theStartWithinABucketFollowsTheSeed() {
        var index = new FreeResourceIndex(50);
        for (int m = 0; m < 50; m++) {
            index.put(m, 4_000, 8 * GIB);
        }
        List<Integer> a = new ArrayList<>();
        List<Integer> b = new ArrayList<>();
        index.visit(1, 1, MachinePreference.FULLER, new SplittableRandom(9), m -> a.add(m) && a.size() < 5);
        index.visit(1, 1, MachinePreference.FULLER, new SplittableRandom(9), m -> b.add(m) && b.size() < 5);
        assertThat(a).isEqualTo(b);
    }
}
