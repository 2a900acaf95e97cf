package borgcell.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AmountFormatTest {

    @Test
    void amountsAreRoundedDownSoThatTheAdviceStaysTrue() {
        assertThat(AmountFormat.format(Dimension.CPU, 1500)).isEqualTo("1.5");
        assertThat(AmountFormat.format(Dimension.CPU, 2000)).isEqualTo("2");
        assertThat(AmountFormat.format(Dimension.RAM, (7L << 29) + 1)).isEqualTo("3.5 GiB");
        assertThat(AmountFormat.format(Dimension.RAM, (4L << 30) - 1)).isEqualTo("3.9 GiB");
        assertThat(AmountFormat.format(Dimension.RAM, 512L << 20)).isEqualTo("512 MiB");
        assertThat(AmountFormat.format(Dimension.PORTS, 3)).isEqualTo("3");
    }
}
