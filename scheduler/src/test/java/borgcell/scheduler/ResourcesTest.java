package borgcell.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResourcesTest {

    private final Resources a = new Resources(1000, 2048, 10, 2);
    private final Resources b = new Resources(500, 1024, 3, 1);

    @Test
    void plusAndMinusWorkOnEveryDimension() {
        assertThat(a.plus(b)).isEqualTo(new Resources(1500, 3072, 13, 3));
        assertThat(a.minus(b)).isEqualTo(new Resources(500, 1024, 7, 1));
        assertThat(a.plus(Resources.ZERO)).isEqualTo(a);
    }

    @Test
    void aRequestFitsWhenEveryDimensionIsAtMostWhatIsAvailable() {
        assertThat(b.fitsIn(a)).isTrue();
        assertThat(a.fitsIn(a)).isTrue();
        assertThat(Resources.ZERO.fitsIn(Resources.ZERO)).isTrue();
    }

    @Test
    void aRequestDoesNotFitWhenAnySingleDimensionIsShort() {
        assertThat(new Resources(1001, 0, 0, 0).fitsIn(a)).isFalse();
        assertThat(new Resources(0, 2049, 0, 0).fitsIn(a)).isFalse();
        assertThat(new Resources(0, 0, 11, 0).fitsIn(a)).isFalse();
        assertThat(new Resources(0, 0, 0, 3).fitsIn(a)).isFalse();
    }
}
