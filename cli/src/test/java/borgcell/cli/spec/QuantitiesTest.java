package borgcell.cli.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QuantitiesTest {

    @Test
    void cpuIsReadAsMillicoresOrCores() {
        assertThat(Quantities.cpuMillis("250m")).isEqualTo(250);
        assertThat(Quantities.cpuMillis("0.5")).isEqualTo(500);
        assertThat(Quantities.cpuMillis("2")).isEqualTo(2000);
        assertThat(Quantities.cpuMillis(".25")).isEqualTo(250);
        assertThat(Quantities.cpuMillis("1.5")).isEqualTo(1500);
    }

    @Test
    void cpuFinerThanAMillicoreIsRefused() {
        assertThatThrownBy(() -> Quantities.cpuMillis("0.0001"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("whole millicores");
    }

    @Test
    void sizesTakeBinaryAndDecimalSuffixesOrPlainBytes() {
        assertThat(Quantities.bytes("4096")).isEqualTo(4096);
        assertThat(Quantities.bytes("1Ki")).isEqualTo(1024);
        assertThat(Quantities.bytes("64Mi")).isEqualTo(64L << 20);
        assertThat(Quantities.bytes("2Gi")).isEqualTo(2L << 30);
        assertThat(Quantities.bytes("1Ti")).isEqualTo(1L << 40);
        assertThat(Quantities.bytes("1.5Gi")).isEqualTo(3L << 29);
        assertThat(Quantities.bytes("1K")).isEqualTo(1_000);
        assertThat(Quantities.bytes("5M")).isEqualTo(5_000_000);
        assertThat(Quantities.bytes("1G")).isEqualTo(1_000_000_000);
    }

    @Test
    void unknownSuffixIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> Quantities.bytes("12Qi"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("\"12Qi\" is not a size (use Ki Mi Gi Ti Pi, K M G T P, or plain bytes)");
    }

    @Test
    void negativeAndEmptyAndGarbageAreRefused() {
        assertThatThrownBy(() -> Quantities.bytes("-1Mi")).hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> Quantities.cpuMillis("")).hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> Quantities.bytes("lots")).hasMessageContaining("is not a size");
        assertThatThrownBy(() -> Quantities.cpuMillis("2 cores")).hasMessageContaining("is not a CPU amount");
    }

    @Test
    void hugeNumbersAreRefusedRatherThanOverflowing() {
        assertThatThrownBy(() -> Quantities.bytes("99999999999999Pi")).hasMessageContaining("far too large");
    }

    @Test
    void durationsNeedAUnit() {
        assertThat(Quantities.durationMillis("500ms")).isEqualTo(500);
        assertThat(Quantities.durationMillis("1s")).isEqualTo(1000);
        assertThat(Quantities.durationMillis("1.5s")).isEqualTo(1500);
        assertThat(Quantities.durationMillis("2m")).isEqualTo(120_000);
        assertThat(Quantities.durationMillis("1h")).isEqualTo(3_600_000);
        assertThat(Quantities.durationMillis("0")).isZero();
        assertThatThrownBy(() -> Quantities.durationMillis("5")).hasMessageContaining("needs a unit");
        assertThatThrownBy(() -> Quantities.durationMillis("5d")).hasMessageContaining("is not a duration");
    }

    @Test
    void formattingPicksTheShortestExactForm() {
        assertThat(Quantities.formatCpu(250)).isEqualTo("250m");
        assertThat(Quantities.formatCpu(2000)).isEqualTo("2");
        assertThat(Quantities.formatCpu(1500)).isEqualTo("1.5");
        assertThat(Quantities.formatBytes(64L << 20)).isEqualTo("64Mi");
        assertThat(Quantities.formatBytes(3L << 29)).isEqualTo("1.5Gi");
        assertThat(Quantities.formatBytes(100)).isEqualTo("100");
        assertThat(Quantities.formatBytes(0)).isEqualTo("0");
        assertThat(Quantities.formatDuration(1000)).isEqualTo("1s");
        assertThat(Quantities.formatDuration(1500)).isEqualTo("1500ms");
    }
}
