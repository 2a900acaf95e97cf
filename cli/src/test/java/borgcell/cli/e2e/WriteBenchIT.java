package borgcell.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A CI-sized {@code borg bench write} from the built jar: five replicas as processes and, where
 * etcd is installed, five etcd members, two concurrencies of a few seconds each. What it
 * measures is the machine's business; that both sides wrote, without an error, through a
 * follower, and that the figures come out as a table then one JSON line, is the test's.
 * Under CI ({@code CI=true}) etcd must be there: {@code .ci/run} installs it.
 */
class WriteBenchIT {
    private static final int TASKS_PER_JOB = 3;
    private Process bench;

    @AfterEach
    void stopBench() {
        if (bench != null && bench.isAlive()) {
            bench.destroy(); // SIGTERM: the cell's replicas follow their parent, etcd's members a shutdown hook
        }
    }

    @Test
    void bothSidesWriteThroughAFollowerAndTheLastLineHoldsTheirFiguresAndRatios(@TempDir Path dir) throws Exception {
        // Without etcd the bench measures the cell alone, and so does this test, except under CI.
        ExternalTool.requiredUnderCi("etcd", "Debian's etcd-server");
        boolean etcdInstalled = ExternalTool.find("etcd").isPresent();
        Path jar = Path.of(System.getProperty("borg.jar", "target/borg.jar")).toAbsolutePath();
        assertThat(jar).exists();
        String java = ProcessHandle.current().info().command().orElse("java");
        Path output = dir.resolve("bench.out");
        bench = new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toString(), "bench", "write",
                "--clients", "1,4", "--seconds", "3", "--warmup-seconds", "1", "--jit-warmup-seconds", "2",
                "--tasks-per-job", Integer.toString(TASKS_PER_JOB),
                "--dir", dir.resolve("stores").toString(), "--quiet")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();

        // About 40 s on a quiet 2-core machine (the cell's start is most of it); generous for a busy one.
        assertThat(bench.waitFor(8, TimeUnit.MINUTES)).as("the bench ends").isTrue();
        String out = Files.readString(output);
        System.out.println(out); // kept in failsafe's report
        assertThat(bench.exitValue()).as(out).isZero();
        List<String> lines = out.lines().toList();
        assertThat(out).as("a table first").contains("CLIENTS", "P50 MS", "WRITES/S", "TASKS/S");
        JsonNode json = JsonMapper.builder().build().readTree(lines.getLast());

        assertThat(json.get("bench").asString()).isEqualTo("write");
        assertThat(json.get("via").asString()).isEqualTo("follower");
        assertThat(json.get("spec_bytes").asInt()).as(out).isBetween(900, 1200);
        assertThat(json.get("tasks_per_job").asInt()).isEqualTo(TASKS_PER_JOB);
        JsonNode runs = json.get("runs");
        assertThat(runs).as(out).hasSize(2);
        assertThat(runs.get(0).get("clients").asInt()).isEqualTo(1);
        assertThat(runs.get(1).get("clients").asInt()).isEqualTo(4);
        for (JsonNode run : runs) {
            JsonNode cell = run.get("cell");
            assertWrote(cell, out);
            assertThat(cell.get("tasks_per_sec").asDouble())
                    .isCloseTo(TASKS_PER_JOB * cell.get("writes_per_sec").asDouble(), org.assertj.core.data.Offset.offset(0.2));
            if (etcdInstalled) {
                assertWrote(run.get("etcd"), out);
                assertThat(run.get("p50_ratio").asDouble()).as(out).isPositive();
                assertThat(run.get("writes_ratio").asDouble()).as(out).isPositive();
            } else {
                assertThat(run.get("etcd").isNull()).isTrue();
                assertThat(run.get("writes_ratio").isNull()).isTrue();
            }
        }
        if (etcdInstalled) {
            assertThat(json.get("etcd").get("version").asString()).as(out).startsWith("3.");
            assertThat(out).contains("cell/etcd");
        } else {
            assertThat(json.get("etcd").isNull()).isTrue();
            assertThat(json.get("etcd_skipped").asString()).contains("apt-get install etcd-server");
            assertThat(out).contains("etcd   not measured: etcd is not installed");
        }
        assertThat(dir.resolve("stores").resolve("cell").resolve("logs").resolve("r1.log")).as("the cell's replicas ran from --dir")
                .isNotEmptyFile();
    }

    private static void assertWrote(JsonNode side, String out) {
        // A follower was chosen; whether the window held no election is the machine's business (via_follower).
        assertThat(side.get("via").asString()).as(out).matches("[re][1-5]");
        assertThat(side.get("leader").asString()).as(out).matches("[re][1-5]");
        assertThat(side.get("via_follower").isBoolean()).isTrue();
        assertThat(side.get("writes").asLong()).as(out).isPositive();
        assertThat(side.get("errors").asLong()).as(out).isZero();
        assertThat(side.get("writes_per_sec").asDouble()).as(out).isPositive();
        assertThat(side.get("p50_ms").asDouble()).as(out).isPositive();
        assertThat(side.get("p99_ms").asDouble()).as(out).isGreaterThanOrEqualTo(side.get("p50_ms").asDouble());
    }
}
