package borgcell.cli.faults;

import borgcell.cli.CliException;
import borgcell.cli.ExitCodes;
import borgcell.cli.files.DirectoryTree;
import borgcell.cli.local.CellLayout;
import borgcell.cli.local.LocalCell;
import borgcell.faults.campaign.Campaign;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code borg faults}: starts a local cell in a fresh directory, runs a seeded fault campaign
 * against it, checks the history, and prints a summary then one JSON line of figures. Exits 1
 * when anything acknowledged was lost or duplicated or a checker found a violation.
 */
@Command(name = "faults",
        mixinStandardHelpOptions = true,
        description = {
                "Run a fault campaign against a local cell (5 replicas, 3 Borglets, each a process):",
                "kill -9, pause, wipe and restart replicas and Borglets under a seeded workload, then",
                "check that nothing acknowledged was lost or duplicated and that reads were linearizable."},
        footer = {
                "",
                "Examples:",
                "  borg faults                        a 2-minute campaign, seed 1",
                "  borg faults --minutes 10 --seed 7  the campaign the reliability figures come from",
                "",
                "The last line is JSON (lost, duplicated, violations, failover_ms_p99, ...); exit 1 if unsafe."})
public final class FaultsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--minutes", defaultValue = "2", description = "how long to inject faults (default ${DEFAULT-VALUE})")
    double minutes;

    @Option(names = "--seed", defaultValue = "1", description = "seeds the workload and the fault schedule (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--clients", defaultValue = "4", description = "concurrent clients (default ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--dir", description = "where the cell lives (default: a new temporary directory, removed unless it failed)")
    Path dir;

    @Option(names = "--timeout", defaultValue = "5m", description = "how long to wait for the cell to come up (default ${DEFAULT-VALUE})")
    String timeout;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (minutes <= 0 || minutes > 24 * 60) {
            throw new CliException(ExitCodes.USAGE, "--minutes must be more than 0 and at most 1440");
        }
        if (clients < 1 || clients > 64) {
            throw new CliException(ExitCodes.USAGE, "--clients must be between 1 and 64");
        }
        Path home = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("borg-faults-");
        CellLayout layout = CellLayout.withFreePorts(home, CellLayout.REPLICAS, CellLayout.BORGLETS);
        Campaign.Report report;
        LocalCell.Launcher shared = LocalCell.Launcher.forThisJvm();
        // Processes restarted late in a campaign must run the build it started with, whatever
        // rebuilds cli/target/borg.jar meanwhile (a jar rewritten under a JVM breaks its class loading).
        Path jar = Files.copy(shared.jar(), home.resolve("borg.jar"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (LocalCell cell = new LocalCell(layout, new LocalCell.Launcher(shared.javaBinary(), jar));
             LocalCellControl control = new LocalCellControl(cell)) {
            out.println("starting a local cell in " + home + " (logs in " + layout.log("*").getParent() + ")");
            out.flush();
            cell.start();
            Duration patience = parse(timeout);
            String leader = cell.awaitLeader(patience);
            cell.awaitMachinesUp(layout.borglets().size(), patience);
            out.println("leader " + leader + "; " + layout.borglets().size() + " machines up");
            out.flush();
            Campaign campaign = new Campaign(control,
                    new Campaign.Config(seed, Duration.ofMillis((long) (minutes * 60_000)), clients, Duration.ofSeconds(20)),
                    line -> {
                        out.println(line);
                        out.flush();
                    });
            report = campaign.run();
        }
        out.println(report.summary());
        out.println(report.figures().json());
        out.flush();
        if (dir == null && report.figures().safe()) {
            DirectoryTree.deleteQuietly(home);
        } else if (!report.figures().safe()) {
            spec.commandLine().getErr().println("borg: the campaign found a problem; the cell's logs and ledger are in " + home);
        }
        return report.figures().safe() ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private static Duration parse(String text) {
        String t = text.strip().toLowerCase();
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            } else if (t.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            } else if (t.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            }
        } catch (NumberFormatException e) {
            // fall through to the usage error
        }
        throw new CliException(ExitCodes.USAGE, "--timeout: \"" + text + "\" is not a duration (e.g. 90s, 5m)");
    }

}
