package borgcell.cli.sim;

import static org.assertj.core.api.Assertions.assertThat;

import borgcell.cli.BorgCommand;
import borgcell.cli.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SimCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int borg(String... args) {
        CommandLine cli = BorgCommand.commandLine(new BorgCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void aSmallBenchPrintsATableThenOneJsonLineLast() {
        int code = borg("sim", "bench", "--machines", "200", "--tasks", "2000", "--baseline-tasks", "300",
                "--online-passes", "2", "--online-tasks", "100", "--no-warmup");
        assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
        String[] lines = out.toString().strip().split("\n");
        assertThat(lines.length).isGreaterThan(3);
        assertThat(lines[0]).contains("200 machines", "2000 tasks");
        assertThat(lines[lines.length - 1]).startsWith("{\"machines\":200,\"tasks\":2000,").endsWith("}")
                .contains("\"speedup\":", "\"baseline_machines_used\":");
    }

    @Test
    void theHelpShowsAnExample() {
        assertThat(borg("sim", "bench", "--help")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("borg sim bench --machines 10000 --tasks 100000 --seed 1");
    }

    @Test
    void nonsenseSizesAreAUsageError() {
        assertThat(borg("sim", "bench", "--machines", "0")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--machines must be");
    }
}
