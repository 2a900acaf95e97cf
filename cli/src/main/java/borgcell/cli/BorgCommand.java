package borgcell.cli;

import borgcell.cli.bench.BenchCommand;
import borgcell.cli.cell.CellCommand;
import borgcell.cli.quota.QuotaCommand;
import borgcell.cli.cell.MachineCommand;
import borgcell.cli.daemon.BorgletCommand;
import borgcell.cli.daemon.MasterCommand;
import borgcell.cli.job.JobCommand;
import borgcell.cli.local.UpCommand;
import borgcell.cli.spec.JobSpecException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code borg}: one command for a Borg cell, in the manner of {@code nomad} and
 * {@code kubectl}. Exit codes: 0 done, 1 the cell or a process failed, 2 bad usage or spec.
 */
@Command(name = "borg",
        mixinStandardHelpOptions = true,
        versionProvider = BorgCommand.Version.class,
        description = "Run and inspect a Borg cell: a replicated BorgMaster, a scheduler and Borglets.",
        subcommands = {
                UpCommand.class,
                JobCommand.class,
                MachineCommand.class,
                CellCommand.class,
                BenchCommand.class,
                QuotaCommand.class,
                borgcell.cli.cert.CertCommand.class,
                borgcell.cli.token.TokenCommand.class,
                borgcell.cli.vm.VmCommand.class,
                borgcell.cli.sim.SimCommand.class,
                borgcell.cli.faults.FaultsCommand.class,
                borgcell.cli.agent.AgentCommand.class,
                MasterCommand.class,
                BorgletCommand.class,
                CommandLine.HelpCommand.class,
        },
        footer = {
                "",
                "Examples:",
                "  borg up                             a local cell: 5 masters, 3 Borglets",
                "  borg job run examples/hello.yaml    submit a job",
                "  borg job status hello               its tasks: state, machine, exit code",
                "  borg machine ls -o yaml             the machines, as YAML",
                "",
                "The processes of a cell: borg master --help, borg borglet --help.",
        })
public final class BorgCommand implements Runnable {

    @Spec
    CommandSpec spec;

    private volatile boolean keepJvmAlive;

    /**
     * Called by a subcommand that leaves non-daemon threads serving (a BorgMaster replica):
     * {@link #main} then returns instead of calling {@code System.exit}.
     */
    public void keepJvmAlive() {
        keepJvmAlive = true;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing a command (up, job, machine, cell)");
    }

    public static void main(String[] args) {
        Logging.configureFor(args);
        BorgCommand borg = new BorgCommand();
        int code;
        if (args.length > 0 && args[0].equals("master")) {
            // A replica's start is on the path of every full restart: it parses its own options
            // only. Building every command's model first cost 0.65 s of CPU, five times over
            // when the five replicas of a cell start together on two cores.
            code = masterCommandLine(borg).execute(java.util.Arrays.copyOfRange(args, 1, args.length));
        } else {
            code = commandLine(borg).execute(args);
        }
        if (code != ExitCodes.OK || !borg.keepJvmAlive) {
            System.exit(code);
        }
    }

    /** The configured command line: usage errors exit 2, failures print one line and exit 1. */
    public static CommandLine commandLine(BorgCommand borg) {
        return configured(new CommandLine(borg));
    }

    /** {@code borg master}'s command line on its own, configured as {@link #commandLine} is. */
    public static CommandLine masterCommandLine(BorgCommand borg) {
        return configured(MasterCommand.alone(borg));
    }

    private static CommandLine configured(CommandLine cli) {
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setAbbreviatedOptionsAllowed(false);
        cli.setParameterExceptionHandler(BorgCommand::usageError);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> failure(e, commandLine.getErr()));
        return cli;
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        err.println("borg: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + cli.getCommandSpec().qualifiedName() + " --help' for usage and examples.");
        err.flush();
        return ExitCodes.USAGE;
    }

    static int failure(Exception e, PrintWriter err) {
        int code;
        switch (e) {
            case StatusRuntimeException s -> {
                Status status = s.getStatus();
                String description = status.getDescription() == null ? "" : ": " + status.getDescription();
                err.println("borg: " + status.getCode() + description);
                code = ExitCodes.FAILURE;
            }
            case JobSpecException spec -> {
                spec.getMessage().lines().forEach(line -> err.println("borg: " + line));
                code = ExitCodes.USAGE;
            }
            case CliException cli -> {
                err.println("borg: " + cli.getMessage());
                code = cli.exitCode();
            }
            default -> {
                err.println("borg: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
                if (Invocation.current().env("BORG_DEBUG") != null) {
                    e.printStackTrace(err);
                }
                code = ExitCodes.FAILURE;
            }
        }
        err.flush();
        return code;
    }

    /** The version from the jar's manifest, when there is one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = BorgCommand.class.getPackage().getImplementationVersion();
            return new String[] {"borg " + (version == null ? "0.1.0-SNAPSHOT" : version),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
