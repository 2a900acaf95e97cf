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
}
