package borgcell.cli.bench;

import static borgcell.cli.BorgRun.borg;
import static org.assertj.core.api.Assertions.assertThat;

import borgcell.borglet.runtime.container.ContainerRuntime;
import borgcell.cli.BorgRun;
import borgcell.cli.ExitCodes;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A tiny run, so the bench cannot rot: every runtime this host offers is measured and named in the JSON line. */
class BenchRuntimesCommandTest {
    @Test
    void aTinyRunMeasuresEveryRuntimeHereAndPrintsATableThenOneJsonLine() throws Exception {
        BorgRun run = borg("bench", "runtimes", "--runs", "3", "--warmup", "1");

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.getFirst()).startsWith("RUNTIME");
        JsonNode json = JsonMapper.builder().build().readTree(lines.getLast());
        assertThat(json.get("bench").asString()).isEqualTo("runtimes");
        assertThat(json.get("process").get("p50_ms").asDouble()).isPositive();
        assertThat(json.get("process").get("p50_over_process").asDouble()).isEqualTo(1.0);
        assertThat(json.get("microvm").get("p50_ms").asDouble()).as("ptrace works on every Linux host").isPositive();
        boolean containers = new ContainerRuntime().unavailable().isEmpty();
        if (containers || "true".equals(System.getenv("CI"))) {
            assertThat(json.get("container").get("p50_ms").asDouble()).isPositive();
            assertThat(json.get("container").get("p50_over_process").asDouble()).isGreaterThan(1.0);
        } else {
            assertThat(json.get("container_not_offered").asString()).isNotBlank();
        }
    }

    @Test
    void badCountsAreRefusedNamingTheOption() {
        BorgRun run = borg("bench", "runtimes", "--runs", "0");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--runs must be 1-10000 (got 0)");
    }
}
