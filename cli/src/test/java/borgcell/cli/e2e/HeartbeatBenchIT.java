package borgcell.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code borg bench heartbeats} at CI size, from the built jar: five replicas as processes and
 * 200 hollow Borglets heartbeating every second; 2,000 tasks submitted onto them. It must hold:
 * every task RUNNING, no machine marked DOWN while it kept heartbeating, round trips measured,
 * and the desired sets sent as changes (most answers carrying nothing).
 */
class HeartbeatBenchIT {
    private Process bench;

    @AfterEach
    void stopBench() {
        if (bench != null && bench.isAlive()) {
            bench.destroy(); // its cell stops with it (--parent-pid)
        }
    }

    @Test
    void twoHundredHollowBorgletsHoldTheirHeartbeatsAndRunEveryTask(@TempDir Path dir)
            throws IOException, InterruptedException {
        Path built = Path.of(System.getProperty("borg.jar", "target/borg.jar")).toAbsolutePath();
        assertThat(built).exists();
        Path jar = Files.copy(built, dir.resolve("borg.jar")); // a rebuild meanwhile must not break the cell
        String java = ProcessHandle.current().info().command().orElse("java");
        Path output = dir.resolve("bench.out");
        bench = new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toString(), "bench", "heartbeats",
                "--machines", "200", "--tasks", "2000", "--interval-ms", "1000", "--steady", "5s",
                "--master-heap", "256m", "--timeout", "3m", "--dir", dir.resolve("cell").toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(output.toFile()).start();

        boolean ended = bench.waitFor(8, TimeUnit.MINUTES);

        String out = Files.readString(output);
        System.out.println(out); // kept in failsafe's report
        assertThat(ended).as("the bench ends; its output:%n%s", out).isTrue();
        assertThat(bench.exitValue()).as(out).isZero();
        List<String> lines = out.lines().toList();
        String figures = lines.getLast();
        assertThat(figures).as(out).startsWith("{\"bench\":\"heartbeats\"");
        assertThat(number(figures, "tasks_running")).as(out).isEqualTo(2000);
        assertThat(number(figures, "machines_wrongly_down")).as(out).isZero();
        assertThat(number(figures, "rtt_p50_ms")).as(out).isPositive();
        assertThat(number(figures, "rtt_p99_ms")).as(out).isGreaterThanOrEqualTo(number(figures, "rtt_p50_ms"));
        assertThat(number(figures, "heartbeats_per_s")).as(out).isPositive();
        assertThat(number(figures, "all_running_s")).as(out).isPositive();
        assertThat(number(figures, "answers_changes")).as("new tasks reach the Borglets as changes: %s", out).isPositive();
        assertThat(number(figures, "answers_unchanged")).as("most answers carry nothing: %s", out)
                .isGreaterThan(number(figures, "answers_changes") + number(figures, "answers_full"));
        assertThat(number(figures, "leader_cpu_share")).as(out).isPositive();
    }

    private static double number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":(-?[0-9.]+)").matcher(json);
        assertThat(m.find()).as("field %s in %s", field, json).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
