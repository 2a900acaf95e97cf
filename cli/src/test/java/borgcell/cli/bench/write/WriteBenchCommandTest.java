package borgcell.cli.bench.write;

import static borgcell.cli.BorgRun.borg;
import static org.assertj.core.api.Assertions.assertThat;

import borgcell.cli.BorgRun;
import borgcell.cli.ExitCodes;
import org.junit.jupiter.api.Test;

/** The options of {@code borg bench write}: a bad one is refused with what is wrong, before anything starts. */
class WriteBenchCommandTest {



    private static void assertRefused(BorgRun run, String message) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("borg: " + message);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void helpNamesTheOptionsTheJsonLineAndWhereEtcdComesFrom() {
        BorgRun run = borg("bench", "write", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--clients", "--seconds", "--warmup-seconds", "--jit-warmup-seconds", "--tasks-per-job", "--no-etcd",
                "JSON", "apt-get install etcd-server", "borg bench write --clients 1,64 --seconds 20");
    }

    @Test
    void clientsMustBeBetweenOneAndTheLimit() {
        assertRefused(borg("bench", "write", "--clients", "0"), "--clients: each must be between 1 and 512 (got 0)\n");
        assertRefused(borg("bench", "write", "--clients", "1,513"), "--clients: each must be between 1 and 512 (got 513)\n");
    }

    @Test
    void aClientCountThatIsNoNumberIsAUsageError() {
        BorgRun run = borg("bench", "write", "--clients", "1,many");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--clients", "'many' is not an int");
    }

    @Test
    void atMostSixteenRounds() {
        assertRefused(borg("bench", "write", "--clients", "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17"),
                "--clients: give 1 to 16 concurrencies (got 17)\n");
    }

    @Test
    void secondsWarmUpAndTasksPerJobAreChecked() {
        assertRefused(borg("bench", "write", "--seconds", "0"), "--seconds: must be between 1 and 3600 (got 0)\n");
        assertRefused(borg("bench", "write", "--warmup-seconds", "-1"), "--warmup-seconds: must be between 0 and 600 (got -1)\n");
        assertRefused(borg("bench", "write", "--jit-warmup-seconds", "601"),
                "--jit-warmup-seconds: must be between 0 and 600 (got 601)\n");
        assertRefused(borg("bench", "write", "--tasks-per-job", "0"), "--tasks-per-job: must be between 1 and 100000 (got 0)\n");
        assertRefused(borg("bench", "write", "--tasks-per-job", "100001"),
                "--tasks-per-job: must be between 1 and 100000 (got 100001)\n");
    }

    @Test
    void aTimeoutMustBeADuration() {
        BorgRun run = borg("bench", "write", "--timeout", "soon");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--timeout");
    }
}
