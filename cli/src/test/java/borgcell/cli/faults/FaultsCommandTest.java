package borgcell.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;

import borgcell.cli.BorgCommand;
import borgcell.cli.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class FaultsCommandTest {

    private record Run(int exitCode, String out, String err) {}

    private static Run borg(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = BorgCommand.commandLine(new BorgCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Run(cli.execute(args), out.toString(), err.toString());
    }

    @Test
    void helpNamesTheFlagsAndSaysTheLastLineIsJson() {
        Run run = borg("faults", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--minutes", "--seed", "borg faults --minutes 10 --seed 7", "JSON");
    }

    @Test
    void aCampaignOfNoMinutesIsABadUsageAndStartsNothing() {
        Run run = borg("faults", "--minutes", "0");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).isEqualTo("borg: --minutes must be more than 0 and at most 1440\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aCampaignWithoutClientsIsABadUsage() {
        Run run = borg("faults", "--clients", "0");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("borg: --clients must be between 1 and 64");
    }
}
