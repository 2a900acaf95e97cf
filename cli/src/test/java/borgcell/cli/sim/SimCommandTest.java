package borgcell.cli.sim;

import static org.assertj.core.api.Assertions.assertThat;

import borgcell.cli.BorgRun;
import borgcell.cli.ExitCodes;
import borgcell.sim.trace.TraceGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SimCommandTest {

    private BorgRun run;

    /** Runs {@code borg args}, keeps what it printed for the assertions, and returns its exit code. */
    private int borg(String... args) {
        run = BorgRun.borg(args);
        return run.exitCode();
    }

    @Test
    void aSmallBenchPrintsATableThenOneJsonLineLast() {
        int code = borg("sim", "bench", "--machines", "200", "--tasks", "2000", "--baseline-tasks", "300",
                "--online-passes", "2", "--online-tasks", "100", "--no-warmup");
        assertThat(code).as(run.err()).isEqualTo(ExitCodes.OK);
        String[] lines = run.out().strip().split("\n");
        assertThat(lines.length).isGreaterThan(3);
        assertThat(lines[0]).contains("200 machines", "2000 tasks");
        assertThat(lines[lines.length - 1]).startsWith("{\"machines\":200,\"tasks\":2000,").endsWith("}")
                .contains("\"speedup\":", "\"baseline_machines_used\":");
    }

    @Test
    void theHelpShowsAnExample() {
        assertThat(borg("sim", "bench", "--help")).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("borg sim bench --machines 10000 --tasks 100000 --seed 1");
    }

    @Test
    void nonsenseSizesAreAUsageError() {
        assertThat(borg("sim", "bench", "--machines", "0")).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--machines must be");
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "replay", "compaction"})
    void eachSimulationCommandHasHelpWithAnExample(String command) {
        assertThat(borg("sim", command, "--help")).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("borg sim " + command + " --", "JSON line");
    }

    @Test
    void theSimHelpListsEveryCommand() {
        assertThat(borg("sim", "--help")).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("bench", "run", "replay", "compaction");
    }

    @Test
    void aTinyRunPrintsATableThenOneJsonLineLast() {
        int code = borg("sim", "run", "--machines", "20", "--hours", "0.1", "--seed", "2", "--tasks", "100");
        assertThat(code).as(run.err()).isEqualTo(ExitCodes.OK);
        String[] lines = run.out().strip().split("\n");
        assertThat(lines[0]).contains("sim run", "20 machines", "seed 2");
        assertThat(run.out()).contains("wait p99 s", "best-effort");
        assertThat(lines[lines.length - 1]).startsWith("{\"mode\":\"run\",").endsWith("}")
                .contains("\"machines\":20", "\"seed\":2", "\"cores\":", "\"pending_p99_s\":", "\"utilization_cpu\":[");
    }

    @Test
    void aTinyReplayReadsTheTraceAndReportsMalformedLines(@TempDir Path dir) throws IOException {
        TraceGenerator.write(dir, new TraceGenerator.Options(20, 30, 0.2, 5));
        Files.writeString(dir.resolve("machine_events/part-00000-of-00001.csv"), "oops,1,0,p,0.5,0.5\n",
                java.nio.file.StandardOpenOption.APPEND);
        int code = borg("sim", "replay", "--trace", dir.toString());
        assertThat(code).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("1 malformed lines skipped",
                "malformed: machine_events/part-00000-of-00001.csv:", "field 1 (timestamp): not an integer");
        String[] lines = run.out().strip().split("\n");
        assertThat(lines[lines.length - 1]).startsWith("{\"trace_task_events\":").contains("\"malformed_lines\":1",
                "\"mode\":\"replay\"", "\"machines\":20");
    }

    @Test
    void aMalformedLineStopsTheReplayWhenAskedTo(@TempDir Path dir) throws IOException {
        TraceGenerator.write(dir, new TraceGenerator.Options(5, 5, 0.1, 5));
        Files.writeString(dir.resolve("machine_events/part-00000-of-00001.csv"), "1,2,3\n",
                java.nio.file.StandardOpenOption.APPEND);
        assertThat(borg("sim", "replay", "--trace", dir.toString(), "--on-malformed", "fail")).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("machine_events/part-00000-of-00001.csv:6: expected 6 comma-separated fields");
    }

    @Test
    void aMissingTraceIsAUsageError(@TempDir Path dir) {
        assertThat(borg("sim", "replay", "--trace", dir.resolve("none").toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("does not exist");
    }

    @Test
    void aTinyCompactionReportsMachinesNeededPerPolicy() {
        int code = borg("sim", "compaction", "--machines", "40", "--tasks", "200", "--trials", "2", "--load", "0.5");
        assertThat(code).as(run.err()).isEqualTo(ExitCodes.OK);
        String[] lines = run.out().strip().split("\n");
        assertThat(run.out()).contains("best_fit", "worst_fit", "hybrid", "p90 needed");
        assertThat(lines[lines.length - 1]).startsWith("{\"mode\":\"compaction\",").contains("\"machines_needed_p90\":",
                "\"seed\":1", "\"cores\":");
    }

    @Test
    void nonsenseSimulationOptionsAreUsageErrors() {
        assertThat(borg("sim", "run", "--hours", "0")).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--hours");
        assertThat(borg("sim", "compaction", "--load", "2")).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--load");
    }
}
