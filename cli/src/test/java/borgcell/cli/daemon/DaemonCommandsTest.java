package borgcell.cli.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import borgcell.borglet.BorgletConfig;
import borgcell.master.raft.PeerAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DaemonCommandsTest {

    @Test
    void masterPassesItsReplicaToSpringWithItsOwnHttpPort() {
        String peers = "r1@127.0.0.1:7111:7101:7121,r2@127.0.0.1:7112:7102:7122";
        PeerAddress r2 = PeerAddress.parseList(peers).get(1);

        assertThat(MasterCommand.springArgs(r2, peers, Path.of("/data/r2"), Duration.ofSeconds(2))).containsExactly(
                "--borg.replica.id=r2",
                "--borg.replica.peers=" + peers,
                "--borg.replica.data-dir=/data/r2",
                "--server.port=7122",
                "--borg.heartbeat-interval=2000ms");
        assertThat(MasterCommand.springArgs(r2, peers, Path.of("/data/r2"), Duration.ofSeconds(2), 5))
                .endsWith("--borg.heartbeat-interval=2000ms", "--borg.missed-heartbeats=5");
    }

    @Test
    void masterParsedAloneNamesItselfAndRefusesBadFlagsAsTheFullTreeDoes() {
        CommandLine alone = borgcell.cli.BorgCommand.masterCommandLine(new borgcell.cli.BorgCommand());
        var err = new java.io.StringWriter();
        alone.setErr(new java.io.PrintWriter(err));

        int code = alone.execute("--id", "r1", "--peers", "r1@127.0.0.1:7111:7101:7121", "--data-dir", "/tmp/r1",
                "--heartbeat-interval", "soon", "--insecure");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("borg: ").contains("--heartbeat-interval")
                .contains("Try 'borg master --help' for usage and examples.");
        assertThat(alone.getCommandSpec().subcommands()).as("nothing of the rest of borg is built").isEmpty();
    }

    @Test
    void borgletFlagsBecomeItsConfig() {
        BorgletCommand command = new BorgletCommand();
        new CommandLine(command).parseArgs("--id", "m1", "--masters", "127.0.0.1:7101,127.0.0.1:7102",
                "--work-dir", "/tmp/m1", "--cpu", "2000m", "--ram", "2Gi", "--disk", "10Gi",
                "--attr", "rack=r1", "--attr", "zone=a", "--address", "127.0.0.1", "--heartbeat-interval", "1s", "--insecure");

        BorgletConfig config = command.config();

        assertThat(config.machineId()).isEqualTo("m1");
        assertThat(config.address()).isEqualTo("127.0.0.1");
        assertThat(config.masters()).containsExactly("127.0.0.1:7101", "127.0.0.1:7102");
        assertThat(config.capacity().getCpuMillis()).isEqualTo(2000);
        assertThat(config.capacity().getRamBytes()).isEqualTo(2L << 30);
        assertThat(config.capacity().getDiskBytes()).isEqualTo(10L << 30);
        assertThat(config.attributes()).containsEntry("rack", "r1").containsEntry("zone", "a");
        assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.workDir()).isEqualTo(Path.of("/tmp/m1"));
    }

    @Test
    void borgletRefusesAMicroVmPlatformItDoesNotKnowBeforeStartingAnything() {
        CommandLine borglet = new CommandLine(new BorgletCommand());
        var err = new java.io.StringWriter();
        borglet.setErr(new java.io.PrintWriter(err));

        int code = borglet.execute("--id", "m1", "--masters", "127.0.0.1:7101", "--work-dir", "/tmp/m1",
                "--vmm-platform", "hyperv", "--insecure");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--vmm-platform: 'hyperv' is not one of [auto, kvm, ptrace]");
    }

    @Test
    void borgletRefusesTaskUidsThatAreNotAnUnprivilegedRangeBeforeStartingAnything() {
        for (var bad : java.util.Map.of(
                "0-999", "--task-uids: task uids must be an unprivileged range (ids from 1000 up): first 0, count 1000",
                "200000", "--task-uids: task uids: '200000' is not FIRST-LAST, like 200000-209999",
                "9-1", "--task-uids: task uids: '9-1' is not a range of user ids (FIRST <= LAST)").entrySet()) {
            CommandLine borglet = new CommandLine(new BorgletCommand());
            var err = new java.io.StringWriter();
            borglet.setErr(new java.io.PrintWriter(err));

            int code = borglet.execute("--id", "m1", "--masters", "127.0.0.1:7101", "--work-dir", "/tmp/m1",
                    "--task-uids", bad.getKey(), "--insecure");

            assertThat(code).as(bad.getKey()).isEqualTo(2);
            assertThat(err.toString()).contains(bad.getValue());
        }
    }

    @Test
    void daemonsGivenAPkiDirectoryWithoutTheirFilesSayWhichFileIsMissingBeforeStartingAnything(@org.junit.jupiter.api.io.TempDir
                                                                                            Path pki) {
        for (var daemon : List.of(
                new Object[] {new MasterCommand(), new String[] {"--id", "r1", "--peers", "r1@127.0.0.1:7110:7100:7120",
                    "--data-dir", "/tmp/r1", "--tls-dir", pki.toString()}, "replica-r1.crt"},
                new Object[] {new BorgletCommand(), new String[] {"--id", "m1", "--masters", "127.0.0.1:7101",
                    "--work-dir", "/tmp/m1", "--tls-dir", pki.toString()}, "machine-m1.crt"})) {
            CommandLine command = new CommandLine(daemon[0]);
            var err = new java.io.StringWriter();
            command.setErr(new java.io.PrintWriter(err));

            int code = command.execute((String[]) daemon[1]);

            assertThat(code).isEqualTo(2);
            assertThat(err.toString()).contains("--tls-dir: " + pki.resolve((String) daemon[2]) + ": no such readable file");
        }
    }

    @Test
    void aDaemonRunsPlaintextOnlyWhenToldInsecureAndNeverBothWays(@org.junit.jupiter.api.io.TempDir Path pki) {
        var daemons = java.util.Map.<java.util.function.Supplier<Object>, List<String>>of(
                MasterCommand::new, List.of("--id", "r1", "--peers", "r1@127.0.0.1:7110:7100:7120", "--data-dir", "/tmp/r1"),
                BorgletCommand::new, List.of("--id", "m1", "--masters", "127.0.0.1:7101", "--work-dir", "/tmp/m1"));
        var choices = java.util.Map.of(
                List.<String>of(), "Missing required argument (specify one of these): (--tls-dir=DIR | --insecure)",
                List.of("--insecure", "--tls-dir", pki.toString()), "are mutually exclusive");
        daemons.forEach((daemon, required) -> choices.forEach((extra, message) -> {
            CommandLine command = new CommandLine(daemon.get());
            var err = new java.io.StringWriter();
            command.setErr(new java.io.PrintWriter(err));
            List<String> args = new java.util.ArrayList<>(required);
            args.addAll(extra);

            assertThat(command.execute(args.toArray(String[]::new))).as(args.toString()).isEqualTo(2);
            assertThat(err.toString()).contains(message);
        }));
    }

    @Test
    void masterNamesItsCellAndServesDnsOnlyOnAPortItIsGiven() {
        String[] common = {"--id", "r1", "--peers", "r1@127.0.0.1:7111:7101:7121", "--data-dir", "/tmp/r1", "--insecure"};
        MasterCommand plain = new MasterCommand();
        new CommandLine(plain).parseArgs(common);
        assertThat(plain.applicationArgs()).contains("--borg.cell-name=local", "--borg.dns-port=0");

        MasterCommand named = new MasterCommand();
        String[] withNames = java.util.stream.Stream.concat(java.util.Arrays.stream(common),
                java.util.stream.Stream.of("--cell-name", "prod", "--dns-port", "5353")).toArray(String[]::new);
        new CommandLine(named).parseArgs(withNames);
        assertThat(named.applicationArgs()).contains("--borg.cell-name=prod", "--borg.dns-port=5353");

        for (var bad : java.util.Map.of("--cell-name=Prod_1", "--cell-name: cell name \"Prod_1\" must be a DNS label",
                "--dns-port=65536", "--dns-port: DNS port 65536 is not between 0 (no DNS server) and 65535").entrySet()) {
            MasterCommand master = new MasterCommand();
            String[] args = java.util.Arrays.copyOf(common, common.length + 1);
            args[common.length] = bad.getKey();
            new CommandLine(master).parseArgs(args);
            org.assertj.core.api.Assertions.assertThatThrownBy(master::applicationArgs).as(bad.getKey())
                    .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining(bad.getValue());
        }
    }

    @Test
    void borgletOffersTheCountOfItsPortRangeAndRefusesABadOne() {
        BorgletCommand command = new BorgletCommand();
        new CommandLine(command).parseArgs("--id", "m1", "--masters", "127.0.0.1:7101", "--work-dir", "/tmp/m1",
                "--port-range", "31000-31099", "--insecure");
        assertThat(command.config().portRange()).isEqualTo(new borgcell.borglet.PortRange(31000, 31099));
        assertThat(command.config().capacity().getPorts()).isEqualTo(100);

        CommandLine borglet = new CommandLine(new BorgletCommand());
        var err = new java.io.StringWriter();
        borglet.setErr(new java.io.PrintWriter(err));
        int code = borglet.execute("--id", "m1", "--masters", "127.0.0.1:7101", "--work-dir", "/tmp/m1",
                "--port-range", "80-90", "--insecure");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--port-range: port range must be 1024 <= FIRST <= LAST <= 65535 (got 80-90)");
    }
}
