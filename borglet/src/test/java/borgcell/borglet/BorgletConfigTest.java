package borgcell.borglet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import borgcell.api.v1.Resources;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BorgletConfigTest {

    @TempDir Path workDir;

    @Test
    void detectsTheCapacityOfThisHost() {
        Resources capacity = BorgletConfig.detectCapacity(workDir.resolve("not/created/yet"));

        assertThat(capacity.getCpuMillis()).isEqualTo(Runtime.getRuntime().availableProcessors() * 1000L);
        assertThat(capacity.getRamBytes()).isPositive();
        assertThat(capacity.getDiskBytes()).isPositive();
        assertThat(capacity.getPorts()).isEqualTo(1000);
    }

    @Test
    void aMissingHeartbeatIntervalMeansTwoSeconds() {
        BorgletConfig config = new BorgletConfig("m1", null, List.of("127.0.0.1:1"), Resources.getDefaultInstance(),
                null, null, workDir);

        assertThat(config.heartbeatInterval()).isEqualTo(BorgletConfig.DEFAULT_HEARTBEAT_INTERVAL);
        assertThat(config.attributes()).isEmpty();
    }

    @Test
    void aConfigWithoutMastersIsRefusedNamingTheField() {
        assertThatThrownBy(() -> BorgletConfig.forThisHost("m1", List.of(), workDir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("masters:");
    }

    @Test
    void theMachineOffersAsManyPortsAsItsRangeHolds() {
        BorgletConfig config = new BorgletConfig("m1", null, List.of("127.0.0.1:1"),
                Resources.newBuilder().setCpuMillis(1000).setRamBytes(1 << 30).setPorts(7).build(), null, null, workDir,
                PortRange.parse("31000-31099"));

        assertThat(config.capacity().getPorts()).isEqualTo(100);
        assertThat(config.portRange()).isEqualTo(new PortRange(31000, 31099));
        assertThat(new BorgletConfig("m1", null, List.of("127.0.0.1:1"), Resources.getDefaultInstance(), null, null, workDir)
                .portRange()).as("none given").isEqualTo(PortRange.DEFAULT);
        assertThat(PortRange.DEFAULT.count()).isEqualTo(BorgletConfig.DEFAULT_PORTS);
    }

    @Test
    void aPortRangeIsFirstToLastOfUnprivilegedPorts() {
        assertThat(PortRange.parse(" 1024-1024 ").count()).isOne();
        assertThat(PortRange.parse("20000-65535").toString()).isEqualTo("20000-65535");
        for (String bad : List.of("", "20000", "20000-", "-20000", "a-b", "20000-19999", "80-1079", "60000-65536",
                "1-2-3", "99999999999-1")) {
            assertThatThrownBy(() -> PortRange.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("port range");
        }
    }
}
