package borgcell.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code borg bench up} at CI size, through the ./borg launcher as people run it: a first run
 * and one later run of the one-JVM cell, each to the hello job's success. Only that it runs and
 * reports figures: on a shared CI machine the times themselves say little (docs/BENCHMARKS.md).
 */
class UpBenchIT {

    @Test
    void theBenchTimesAFirstAndALaterRunToTheHelloJobsSuccess(@TempDir Path dir) throws Exception {
        List<String> command = List.of("bash", System.getProperty("borg.launcher"), "bench", "up", "--runs", "2",
                "--dir", dir.resolve("cells").toString());
        Process bench = new ProcessBuilder(command).directory(dir.toFile())
                .redirectError(dir.resolve("bench.err").toFile()).start();
        String out = new String(bench.getInputStream().readAllBytes());
        assertThat(bench.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(bench.exitValue()).as("%s%n%s", out, Files.readString(dir.resolve("bench.err"))).isZero();

        JsonNode figures = new ObjectMapper().readTree(out.strip().lines().reduce((a, b) -> b).orElseThrow());
        assertThat(figures.get("benchmark").asString()).isEqualTo("up");
        JsonNode jvm = figures.get("modes").get("jvm");
        assertThat(jvm.get("first").get("hello_ms").asDouble()).isPositive();
        assertThat(jvm.get("first").get("leader_ms").asDouble()).isPositive().isLessThan(jvm.get("first").get("hello_ms").asDouble());
        assertThat(jvm.get("later")).hasSize(1);
        assertThat(jvm.get("later_hello_p50_ms").asDouble()).isPositive();
        assertThat(figures.get("class_cache_made_ms").isNumber()).as("the first run made the later runs' class cache").isTrue();
    }
}
