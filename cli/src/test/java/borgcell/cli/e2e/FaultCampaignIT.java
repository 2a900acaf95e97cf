package borgcell.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A two-minute fault campaign, {@code borg faults} run from the built jar: five replicas and
 * three Borglets as processes, killed, paused, wiped and restarted under a seeded workload.
 * Safety has no tolerance (nothing acknowledged lost or duplicated, no violation); liveness
 * has generous time, since the build machine is small and shared.
 */
class FaultCampaignIT {
    private static final long SEED = 11;
    private Process campaign;

    @AfterEach
    void stopCampaign() {
        if (campaign != null && campaign.isAlive()) {
            campaign.destroy(); // SIGTERM: the campaign's own cell stops with it (--parent-pid)
        }
    }

    @Test
    void aTwoMinuteCampaignLosesNothingAcknowledgedDuplicatesNothingAndReadsLinearizably(@TempDir Path dir)
            throws IOException {
        Path built = Path.of(System.getProperty("borg.jar", "target/borg.jar")).toAbsolutePath();
        assertThat(built).exists();
        // Run from a copy: a rebuild of target/borg.jar during the campaign would break the running JVMs.
        Path jar = Files.copy(built, dir.resolve("borg.jar"));
        String java = ProcessHandle.current().info().command().orElse("java");
        Path output = dir.resolve("faults.out");
        campaign = new ProcessBuilder(java, "-Xmx768m", "-jar", jar.toString(), "faults", "--minutes", "2",
                "--seed", Long.toString(SEED), "--dir", dir.resolve("cell").toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();

        // Two minutes of faults, then healing, draining and checking: well under the bound on a busy 2-core machine.
        await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofSeconds(2)).until(() -> !campaign.isAlive());

        String out = Files.readString(output);
        List<String> lines = out.lines().toList();
        String figures = lines.getLast();
        System.out.println(out); // kept in failsafe's report: the campaign's log, verdict and figures
        if (lines.stream().anyMatch(l -> l.startsWith("stall: "))) {
            printWhatTheReplicasSaid(dir.resolve("cell").resolve("logs")); // the cell dir goes with the test
        }
        assertThat(figures).as("the last line is the figures; the whole output:%n%s", out).startsWith("{");
        assertThat(number(figures, "lost")).as(out).isZero();
        assertThat(number(figures, "duplicated")).as(out).isZero();
        assertThat(number(figures, "violations")).as(out).isZero();
        assertThat(number(figures, "acknowledged")).as(out).isPositive();
        assertThat(number(figures, "leader_kills")).as(out).isPositive();
        assertThat(campaign.exitValue()).as(out).isZero();
    }

    /** A stall is liveness, not a failure here; its cause is in the replicas' logs, which are temporary. */
    private static void printWhatTheReplicasSaid(Path logs) throws IOException {
        if (!Files.isDirectory(logs)) {
            return;
        }
        Pattern notable = Pattern.compile("ERROR|WARN.*ratis|Exception|shutdown|SHUTDOWN|CLOSING|NOT_IN_CONF");
        try (var files = Files.list(logs)) {
            for (Path log : files.filter(f -> f.getFileName().toString().startsWith("r")).sorted().toList()) {
                List<String> said = Files.readAllLines(log).stream().filter(l -> notable.matcher(l).find()).toList();
                System.out.println("---- " + log.getFileName() + ": " + said.size() + " notable lines, the last 40:");
                said.subList(Math.max(0, said.size() - 40), said.size()).forEach(System.out::println);
            }
        }
    }

    private static long number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":(-?\\d+)").matcher(json);
        assertThat(m.find()).as("field %s in %s", field, json).isTrue();
        return Long.parseLong(m.group(1));
    }
}
