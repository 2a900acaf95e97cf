package borgcell.faults.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LedgerCheckTest {
    private static final long S = 1_000_000; // micros per second
    private static final long GRACE = 10 * S;
    private static final Outages ALWAYS_UP = Outages.none();

    private static Beat beat(String job, int attempt, String machine, long seconds) {
        return new Beat(job, 0, attempt, machine, seconds * S);
    }

    @Test
    void aBeatLineIsParsedAndATornOneIgnored() {
        assertThat(Beat.parse("beat c1-4 2 1 m3 1718000000123456")).contains(new Beat("c1-4", 2, 1, "m3", 1718000000123456L));
        assertThat(Beat.parse("beat c1-4 2 1 m3 17180")).isPresent();
        assertThat(Beat.parse("beat c1-4 2")).isEmpty();
    }

    @Test
    void aTaskMovedToAnotherMachineWithANewAttemptIsFine() {
        LedgerCheck.Result result = LedgerCheck.check(List.of(beat("a", 1, "m1", 1), beat("a", 1, "m1", 2),
                beat("a", 2, "m2", 10), beat("a", 2, "m2", 11)), Map.of(), ALWAYS_UP, GRACE);

        assertThat(result.findings()).isEmpty();
    }

    @Test
    void oneAttemptBeatingOnTwoMachinesIsRejected() {
        LedgerCheck.Result result = LedgerCheck.check(List.of(beat("a", 1, "m1", 1), beat("a", 1, "m2", 2)),
                Map.of(), ALWAYS_UP, GRACE);

        assertThat(result.findings()).extracting(Finding::kind).containsExactly("two-machines");
    }

    @Test
    void anOrphanOfADeadBorgletMayRunUntilItsBorgletReturns() {
        // m1's Borglet died at 5 s; attempt 2 started on m2 at 10 s; m1's Borglet came back at 40 s.
        Outages outages = new Outages(Map.of("m1", List.of(new Outages.Down(5 * S, 40 * S))), List.of());
        LedgerCheck.Result result = LedgerCheck.check(List.of(beat("a", 1, "m1", 1), beat("a", 2, "m2", 10),
                beat("a", 1, "m1", 30), beat("a", 1, "m1", 41)), Map.of(), outages, GRACE);

        assertThat(result.findings()).isEmpty();
        assertThat(result.overlapMillisMax()).isEqualTo(31_000);
    }

    @Test
    void aStaleAttemptStillBeatingLongAfterItsBorgletCouldKnowIsRejected() {
        Outages outages = new Outages(Map.of("m1", List.of(new Outages.Down(5 * S, 40 * S))), List.of());
        LedgerCheck.Result result = LedgerCheck.check(List.of(beat("a", 1, "m1", 1), beat("a", 2, "m2", 10),
                beat("a", 1, "m1", 55), beat("a", 1, "m1", 56)), Map.of(), outages, GRACE);

        assertThat(result.findings()).singleElement().extracting(Finding::kind).isEqualTo("stale-task");
    }

    @Test
    void aKilledTaskBeatingPastTheGraceIsRejected() {
        LedgerCheck.Result result = LedgerCheck.check(List.of(beat("a", 1, "m1", 1), beat("a", 1, "m1", 25)),
                Map.of("a", 5 * S), ALWAYS_UP, GRACE);

        assertThat(result.findings()).singleElement().extracting(Finding::kind).isEqualTo("killed-came-back");
    }

    @Test
    void aKilledTaskMayBeatWhileTheMastersAreRestarting() {
        // Every master restarted at 6 s; writes were accepted again only at 20 s.
        Outages outages = new Outages(Map.of(), List.of(new Outages.Down(6 * S, 20 * S)));
        LedgerCheck.Result result = LedgerCheck.check(List.of(beat("a", 1, "m1", 25)), Map.of("a", 5 * S), outages, GRACE);

        assertThat(result.findings()).isEmpty();
    }
}
