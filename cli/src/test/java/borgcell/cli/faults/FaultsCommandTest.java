package borgcell.cli.faults;

import static borgcell.cli.BorgRun.borg;
import static org.assertj.core.api.Assertions.assertThat;

import borgcell.cli.BorgRun;
import borgcell.cli.ExitCodes;
import org.junit.jupiter.api.Test;

class FaultsCommandTest {



    @Test
    void helpNamesTheFlagsAndSaysTheLastLineIsJson() {
        BorgRun run = borg("faults", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--minutes", "--seed", "borg faults --minutes 10 --seed 7", "JSON");
    }

    @Test
    void aCampaignOfNoMinutesIsABadUsageAndStartsNothing() {
        BorgRun run = borg("faults", "--minutes", "0");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).isEqualTo("borg: --minutes must be more than 0 and at most 1440\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aCampaignWithoutClientsIsABadUsage() {
        BorgRun run = borg("faults", "--clients", "0");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("borg: --clients must be between 1 and 64");
    }
}
