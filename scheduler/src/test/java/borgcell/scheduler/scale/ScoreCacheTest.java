package borgcell.scheduler.scale;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScoreCacheTest {

    @Test
    void aScoreHoldsUntilTheMachinesEpochMoves() {
        var slot = new ScoreCache(4).slotFor("class-a");
        assertThat(slot.hasScore(2, 0)).isFalse();
        slot.rememberScore(2, 0, 0.7);
        assertThat(slot.hasScore(2, 0)).isTrue();
        assertThat(slot.score(2)).isEqualTo(0.7);
        assertThat(slot.hasScore(2, 1)).isFalse();
    }

    @Test
    void fixedFeasibilityIsRememberedPerMachine() {
        var slot = new ScoreCache(4).slotFor("class-a");
        assertThat(slot.fixed(1)).isEqualTo(ScoreCache.UNKNOWN);
        slot.rememberFixed(1, false);
        slot.rememberFixed(3, true);
        assertThat(slot.fixed(1)).isEqualTo(ScoreCache.INFEASIBLE);
        assertThat(slot.fixed(3)).isEqualTo(ScoreCache.FEASIBLE);
    }

    @Test
    void aClassGetsItsOwnSlotBackAndAReusedSlotForgetsTheLastOwner() {
        var cache = new ScoreCache(4);
        var a = cache.slotFor("a");
        a.rememberFixed(0, true);
        assertThat(cache.slotFor("a")).isSameAs(a);
        cache.release("a");
        var b = cache.slotFor("b");
        assertThat(b).isSameAs(a);
        assertThat(b.fixed(0)).isEqualTo(ScoreCache.UNKNOWN);
    }

    @Test
    void whenEverySlotIsTakenTheLeastRecentlyUsedClassLosesIts() {
        var cache = new ScoreCache(2);
        var first = cache.slotFor(0);
        first.rememberFixed(0, true);
        for (int owner = 1; owner < ScoreCache.SLOTS; owner++) {
            cache.slotFor(owner);
        }
        var newcomer = cache.slotFor("newcomer");
        assertThat(newcomer).isSameAs(first);
        assertThat(newcomer.fixed(0)).isEqualTo(ScoreCache.UNKNOWN);
    }
}
