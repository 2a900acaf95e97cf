package borgcell.borglet.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** One unprivileged uid per running container, from the range, never root. */
class UidPoolTest {

    @Test
    void givesTheLowestFreeIdAndTakesItBack() {
        UidPool pool = new UidPool(200_000, 3);

        assertThat(pool.take()).hasValue(200_000);
        assertThat(pool.take()).hasValue(200_001);
        pool.give(200_000);
        assertThat(pool.take()).hasValue(200_000);
        assertThat(pool.take()).hasValue(200_002);
        assertThat(pool.take()).as("all in use").isEmpty();
        pool.give(0);
        pool.give(300_000);
        assertThat(pool.take()).as("ids from outside the range are not taken back").isEmpty();
    }

    @Test
    void aRangeReachingRootOrOverflowingIsRefused() {
        assertThatThrownBy(() -> new UidPool(0, 10)).hasMessageContaining("unprivileged range: first 0");
        assertThatThrownBy(() -> new UidPool(999, 10)).hasMessageContaining("first 999");
        assertThatThrownBy(() -> new UidPool(Integer.MAX_VALUE - 5, 10)).hasMessageContaining("size 10");
        assertThatThrownBy(() -> new UidPool(200_000, 0)).hasMessageContaining("size 0");
    }
}
