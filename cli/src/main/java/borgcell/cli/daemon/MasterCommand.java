package borgcell.cli.daemon;

import borgcell.cli.BorgCommand;
import borgcell.cli.client.ClientOptions;
import borgcell.master.BorgMasterApplication;
import borgcell.master.names.NameSettings;
import borgcell.master.raft.PeerAddress;
import borgcell.trust.Identity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code borg master}: one BorgMaster replica in this process (a Spring Boot application).
 * {@code borg up} starts five; in production each runs on its own machine.
 */
@Command(name = "master",
        hidden = true,
        mixinStandardHelpOptions = true,
        description = "Run one BorgMaster replica in this process (borg up starts five of these).",
        footer = {
                "",
                "Example (replica r1 of three):",
                "  PEERS=r1@10.0.0.1:7111:7101:7121,r2@10.0.0.2:7111:7101:7121",
                "  PEERS=$PEERS,r3@10.0.0.3:7111:7101:7121",
                "  borg master --id r1 --peers $PEERS --data-dir /var/lib/borg/r1 --cell-name prod --dns-port 5353",
        })
public final class MasterCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    BorgCommand borg;

    @Option(names = "--id", required = true, paramLabel = "ID", description = "This replica's id; must be one of --peers.")
    String id;

    @Option(names = "--peers", required = true, paramLabel = "ID@HOST:RAFT:GRPC:HTTP[,...]",
            description = "Every replica of the cell, this one included: id, host, then its Raft, gRPC and HTTP ports.")
    String peers;

    @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "Raft log and snapshots of this replica.")
    Path dataDir;

    @Option(names = "--heartbeat-interval", paramLabel = "DURATION", defaultValue = "2s",
            converter = ClientOptions.DurationConverter.class,
            description = "How often Borglets report (default: ${DEFAULT-VALUE}).")
    Duration heartbeatInterval;

    @Option(names = "--missed-heartbeats", paramLabel = "N", defaultValue = "3",
            description = "A machine silent this many heartbeat intervals is marked DOWN (default: ${DEFAULT-VALUE}).")
    int missedHeartbeats;

    @Option(names = "--cell-name", paramLabel = "NAME", defaultValue = NameSettings.DEFAULT_CELL,
            description = "The cell's name, the same on every replica: its tasks' DNS names end in NAME.borg"
                    + " (default: ${DEFAULT-VALUE}).")
    String cellName;

    @Option(names = "--dns-port", paramLabel = "PORT", defaultValue = "0",
            description = "Serve the cell's names (INDEX.JOB.USER.CELL.borg, _PORT._tcp.JOB.USER.CELL.borg) over DNS,"
                    + " UDP and TCP, on PORT (default: 0, no DNS server).")
    int dnsPort;

    @Mixin
    LinkSecurity security;

    @Option(names = "--parent-pid", hidden = true, paramLabel = "PID", description = "Exit when this process exits.")
    Long parentPid;

    /**
     * {@code borg master} parsed on its own, without the rest of the {@code borg} command tree
     * (whose model costs more to build than a replica needs); {@code borg} keeps the JVM alive
     * once the replica serves, as when run as a subcommand.
     */
    public static CommandLine alone(BorgCommand borg) {
        MasterCommand master = new MasterCommand();
        master.borg = borg;
        CommandLine cli = new CommandLine(master);
        cli.setCommandName("borg master");
        return cli;
    }

    @Override
    public Integer call() {
        String[] args = applicationArgs();
        ParentWatch.exitWhenGone(parentPid);
        // Spring's threads serve from here on: main must not System.exit once this returns.
        borg.keepJvmAlive();
        BorgMasterApplication.main(args);
        return 0;
    }

    /**
     * The flags, checked, as {@code BorgMasterApplication}'s arguments (link security included):
     * what this command runs, and what {@code borg up} starts a replica of its JVM with.
     *
     * @throws ParameterException (exit 2) for flags that do not make a replica
     */
    public String[] applicationArgs() {
        List<PeerAddress> cell;
        try {
            cell = PeerAddress.parseList(peers);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--peers: " + e.getMessage());
        }
        PeerAddress self = cell.stream().filter(p -> p.id().equals(id)).findFirst()
                .orElseThrow(() -> new ParameterException(spec.commandLine(), "--id " + id + " is not one of --peers ("
                        + String.join(", ", cell.stream().map(PeerAddress::id).toList()) + ")"));
        if (missedHeartbeats < 1) {
            throw new ParameterException(spec.commandLine(), "--missed-heartbeats must be at least 1");
        }
        try {
            new NameSettings(cellName, dnsPort);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), (dnsPort < 0 || dnsPort > 65535 ? "--dns-port: " : "--cell-name: ")
                    + e.getMessage());
        }
        List<String> args = new java.util.ArrayList<>(springArgs(self, peers, dataDir, heartbeatInterval, missedHeartbeats));
        args.add("--" + BorgMasterApplication.CELL_NAME + "=" + cellName);
        args.add("--" + BorgMasterApplication.DNS_PORT + "=" + dnsPort);
        security.files(Identity.replica(id)).ifPresentOrElse(
                tls -> args.add("--" + BorgMasterApplication.TLS_DIR + "=" + tls.certificate().getParent()),
                () -> args.add("--" + BorgMasterApplication.INSECURE + "=true"));
        return args.toArray(String[]::new);
    }

    /** As {@link #springArgs(PeerAddress, String, Path, Duration)}, and when a machine is marked DOWN. */
    public static List<String> springArgs(PeerAddress self, String peers, Path dataDir, Duration heartbeatInterval,
                                          int missedHeartbeats) {
        List<String> args = new java.util.ArrayList<>(springArgs(self, peers, dataDir, heartbeatInterval));
        args.add("--borg.missed-heartbeats=" + missedHeartbeats);
        return args;
    }

    /** The Spring Boot arguments of replica {@code self}: the contract with {@code BorgMasterApplication}. */
    public static List<String> springArgs(PeerAddress self, String peers, Path dataDir, Duration heartbeatInterval) {
        return List.of(
                "--borg.replica.id=" + self.id(),
                "--borg.replica.peers=" + peers,
                "--borg.replica.data-dir=" + dataDir.toAbsolutePath(),
                "--server.port=" + self.httpPort(),
                "--borg.heartbeat-interval=" + heartbeatInterval.toMillis() + "ms");
    }
}
