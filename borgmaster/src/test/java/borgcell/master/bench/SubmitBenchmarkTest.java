package borgcell.master.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** A CI-sized run of {@code borg bench submit}: both groups answer, and the last line says both. */
class SubmitBenchmarkTest {

    @Test
    void plaintextAndMutualTlsGroupsAreMeasuredInOneRun(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        SubmitBenchmark.Result r = SubmitBenchmark.run(3, 30, 5, dir, new PrintStream(printed, true, StandardCharsets.UTF_8));

        String[] lines = printed.toString(StandardCharsets.UTF_8).split("\n");
        JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
        assertThat(json.get("benchmark").asString()).isEqualTo("submit");
        for (String side : new String[] {"plaintext", "tls"}) {
            assertThat(json.get(side).get("p50_ms").asDouble()).as(side).isPositive();
            assertThat(json.get(side).get("p99_ms").asDouble()).isGreaterThanOrEqualTo(json.get(side).get("p50_ms").asDouble());
        }
        assertThat(json.get("tls_p50_overhead_pct").asDouble()).isCloseTo(r.tlsP50OverheadPct(),
                org.assertj.core.data.Offset.offset(0.1));
    }
}
