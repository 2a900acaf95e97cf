package borgcell.cli;

import static borgcell.cli.BorgRun.borg;
import static org.assertj.core.api.Assertions.assertThat;

import borgcell.cli.local.PortAllocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BorgCommandTest {

    /** What one run of {@code borg ...} printed and returned. */


    /** A port nothing listens on. */
    static String deadMaster() {
        return "127.0.0.1:" + PortAllocator.freePorts(1).getFirst();
    }

    @Test
    void helpWorksForEveryCommandAndShowsAnExample() {
        List<List<String>> paths = new ArrayList<>();
        collect(BorgCommand.commandLine(new BorgCommand()), new ArrayList<>(), paths);
        assertThat(paths).extracting(p -> String.join(" ", p)).contains(
                "", "up", "job", "job run", "job status", "job ls", "job kill", "machine", "machine ls", "cell",
                "master", "borglet");

        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            BorgRun run = borg(args.toArray(String[]::new));
            assertThat(run.exitCode()).as(args.toString()).isZero();
            assertThat(run.out()).as(args.toString())
                    .startsWith("Usage: borg" + (path.isEmpty() ? "" : " " + String.join(" ", path)))
                    .containsPattern("Examples?( \\(.*\\))?:");
            assertThat(run.err()).isEmpty();
        }
    }

    private static void collect(CommandLine cli, List<String> path, List<List<String>> paths) {
        paths.add(List.copyOf(path));
        cli.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help") && sub.getCommandName().equals(name)) {
                List<String> next = new ArrayList<>(path);
                next.add(name);
                collect(sub, next, paths);
            }
        });
    }

    @Test
    void versionIsPrinted() {
        BorgRun run = borg("--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("borg ");
    }

    @Test
    void usageErrorsExitWithTwoAndSayWhatIsWrong() {
        assertUsageError(borg(), "missing a command");
        assertUsageError(borg("job"), "missing a job command");
        assertUsageError(borg("machine"), "missing a machine command");
        assertUsageError(borg("jobs"), "Unmatched argument");
        assertUsageError(borg("job", "status"), "Missing required parameter: 'JOB'");
        assertUsageError(borg("job", "ls", "--frobnicate"), "Unknown option: '--frobnicate'");
        assertUsageError(borg("job", "ls", "-o", "xml"), "\"xml\" is not an output format (table, json or yaml)");
        assertUsageError(borg("job", "ls", "--master", "nonsense"), "\"nonsense\" is not host:port");
        assertUsageError(borg("job", "ls", "--master", "host:99999"), "port must be between 1 and 65535");
        assertUsageError(borg("job", "ls", "--timeout", "soon"), "\"soon\" is not a duration");
        assertUsageError(borg("up", "--timeout", "0s"), "must be > 0");
        assertUsageError(borg("master", "--id", "r1"), "Missing required options");
        assertUsageError(borg("borglet", "--id", "m1", "--masters", "127.0.0.1:7101", "--work-dir", "/tmp/x", "--ram", "12Qi"),
                "\"12Qi\" is not a size");
    }

    @Test
    void aMistypedCommandGetsASuggestion() {
        BorgRun run = borg("job", "stats", "hello");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("Did you mean: job status");
    }

    @Test
    void masterRefusesAnIdThatIsNotAmongItsPeers() {
        BorgRun run = borg("master", "--id", "r9", "--data-dir", "/tmp/never", "--insecure",
                "--peers", "r1@127.0.0.1:1:2:3,r2@127.0.0.1:4:5:6");
        assertUsageError(run, "--id r9 is not one of --peers (r1, r2)");
        assertUsageError(borg("master", "--id", "r1", "--data-dir", "/tmp/never", "--insecure", "--peers", "r1@127.0.0.1:1:2"),
                "--peers: \"r1@127.0.0.1:1:2\" is not ID@HOST:RAFT_PORT:GRPC_PORT:HTTP_PORT");
    }

    private static void assertUsageError(BorgRun run, String message) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("borg: ").contains(message);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aBadSpecExitsWithTwoBeforeAskingAnyMaster(@TempDir Path dir) throws Exception {
        Path spec = Files.writeString(dir.resolve("hello.yaml"), """
                name: hello
                task:
                  argv: [/bin/true]
                  resources: {ram: 0}
                """);

        BorgRun run = borg("job", "run", spec.toString(), "--master", deadMaster());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).isEqualTo("borg: " + spec + ": task.resources.ram: must be > 0\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aServerErrorPrintsItsCodeAndMessageAndExitsWithOne() throws Exception {
        try (FakeMaster master = new FakeMaster(false)) {
            BorgRun run = borg("job", "status", "nosuch", "--master", master.address());

            assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
            assertThat(run.err()).isEqualTo("borg: NOT_FOUND: job \"nosuch\" not found\n");
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void noMasterAnsweringIsUnavailableAndNamesTheAddress() {
        String dead = deadMaster();
        BorgRun run = borg("cell", "--master", dead, "--timeout", "2s");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).startsWith("borg: UNAVAILABLE: no BorgMaster answered: " + dead);
    }

    @Test
    void submitMovesOnToTheNextMasterWithTheSameRequestId(@TempDir Path dir) throws Exception {
        Path spec = Files.writeString(dir.resolve("hello.yaml"), "name: hello\ntask: {argv: [/bin/true]}\n");
        try (FakeMaster noLeader = new FakeMaster(true); FakeMaster good = new FakeMaster(false)) {
            BorgRun run = borg("job", "run", spec.toString(),
                    "--master", deadMaster() + "," + noLeader.address() + "," + good.address());

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).startsWith("job hello submitted (request ");
            assertThat(noLeader.submitRequestIds).hasSize(1);
            assertThat(good.submitRequestIds).containsExactlyElementsOf(noLeader.submitRequestIds);
            assertThat(good.jobs.get("hello").getRequestId()).isEqualTo(noLeader.submitRequestIds.getFirst());
        }
    }

    @Test
    void anExplicitRequestIdIsSent(@TempDir Path dir) throws Exception {
        Path spec = Files.writeString(dir.resolve("hello.yaml"), "name: hello\ntask: {argv: [/bin/true]}\n");
        try (FakeMaster master = new FakeMaster(false)) {
            BorgRun run = borg("job", "run", spec.toString(), "--request-id", "abc-123", "-o", "json", "--master", master.address());

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(master.submitRequestIds).containsExactly("abc-123");
            assertThat(run.out()).contains("\"requestId\": \"abc-123\"");
        }
    }

    @Test
    void statusPrintsTheJobInTheAskedFormat(@TempDir Path dir) throws Exception {
        Path spec = Files.writeString(dir.resolve("hello.yaml"), "name: hello\ncount: 2\ntask: {argv: [/bin/true]}\n");
        try (FakeMaster master = new FakeMaster(false)) {
            assertThat(borg("job", "run", spec.toString(), "--master", master.address()).exitCode()).isZero();

            assertThat(borg("job", "status", "hello", "--master", master.address()).out()).startsWith("job hello ");
            assertThat(borg("job", "status", "hello", "-o", "yaml", "--master", master.address()).out())
                    .contains("name: hello").contains("taskCount: 2");
            assertThat(borg("job", "status", "hello", "-o", "JSON", "--master", master.address()).out())
                    .startsWith("{").contains("\"taskCount\": 2");
            assertThat(borg("cell", "--master", master.address()).out()).contains("leader     r1");
        }
    }
}
