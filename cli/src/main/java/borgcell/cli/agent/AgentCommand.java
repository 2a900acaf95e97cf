package borgcell.cli.agent;

import borgcell.cli.CliException;
import borgcell.cli.ExitCodes;
import borgcell.cli.Invocation;
import borgcell.cli.client.ClientOptions;
import borgcell.cli.local.PortAllocator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code borg agent}: the resident process the {@code ./borg} launcher hands client commands to.
 * The launcher starts it on first use ({@code serve}); people see it with {@code status} and end
 * it with {@code stop} (or {@code BORG_AGENT=off} to go without).
 */
@Command(name = "agent",
        mixinStandardHelpOptions = true,
        description = "The client agent: one resident JVM that runs this user's client commands (job, machine, cell,"
                + " quota, token, cert) for the ./borg launcher, so each answers in milliseconds.",
        subcommands = {AgentCommand.Serve.class, AgentCommand.Status.class, AgentCommand.Stop.class},
        footer = {"", "The launcher starts it on the first client command and it stops after 15 minutes unused,",
                "or when the borg jar is rebuilt. BORG_AGENT=off runs every command in a JVM of its own.",
                "", "Examples:", "  ./borg agent status", "  ./borg agent stop"})
public final class AgentCommand implements Callable<Integer> {
    static final String ENDPOINT_PROPERTY = "borg.agent.endpoint";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** {@code --endpoint}: the launcher names the file for this user and build. */
    static final class EndpointOption {
        @Option(names = "--endpoint", paramLabel = "FILE", defaultValue = "${sys:" + ENDPOINT_PROPERTY + "}",
                description = "The agent's endpoint file (default: the one ./borg uses: ${DEFAULT-VALUE}).")
        Path file;

        Path required() {
            if (file == null) {
                throw new CliException(ExitCodes.USAGE, "no agent endpoint file: run this through ./borg, or give --endpoint");
            }
            return file;
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Run the agent (the launcher does this; it detaches and logs beside its endpoint file).",
            footer = {"", "Example:", "  borg agent serve --endpoint /run/user/1000/borg-agent-1000/agent --idle 30m"})
    static final class Serve implements Callable<Integer> {
        @Mixin
        EndpointOption endpoint;

        @Option(names = "--idle", paramLabel = "DURATION", defaultValue = "15m",
                converter = ClientOptions.DurationConverter.class,
                description = "Stop after this long without a command (default: ${DEFAULT-VALUE}).")
        Duration idle;

        @Override
        public Integer call() throws IOException, InterruptedException {
            Optional<Path> jar = Optional.ofNullable(System.getProperty("borg.jar")).map(Path::of);
            try (AgentServer server = new AgentServer(new AgentServer.Settings(endpoint.required(), jar, idle), System.err)) {
                System.err.println("agent: pid " + server.endpoint().pid() + " serving on 127.0.0.1:"
                        + server.endpoint().port() + " for " + endpoint.required());
                Thread.ofVirtual().name("agent-warmup").start(Serve::warmUp);
                server.serve();
            }
            return 0;
        }

        /**
         * The classes and code of the common commands, loaded before the first caller needs them:
         * the usage text, a job spec's parser, and a call through gRPC and Netty (to a port
         * nothing listens on, refused at once).
         */
        private static void warmUp() {
            Path here = Invocation.ofThisProcess().cwd();
            String nowhere = "127.0.0.1:" + PortAllocator.freePorts(1).getFirst();
            for (List<String> args : List.of(List.of("job", "run", "--help"), List.of("cell", "--master", nowhere))) {
                ServedCommands.run(new AgentRequest("", here, false, Map.of(), args), OutputStream.nullOutputStream(),
                        OutputStream.nullOutputStream());
            }
        }
    }

    /** A command the running agent answers itself: it knows its own state. */
    abstract static class Relayed implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        EndpointOption endpoint;

        abstract String request();

        @Override
        public Integer call() throws IOException {
            return relay(spec, endpoint.required(), request());
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Whether the agent runs, since when, how many commands it served.",
            footer = {"", "Example:", "  ./borg agent status"})
    static final class Status extends Relayed {
        @Override
        String request() {
            return "status";
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stop the agent; the next client command starts a new one.",
            footer = {"", "Example:", "  ./borg agent stop"})
    static final class Stop extends Relayed {
        @Override
        String request() {
            return "stop";
        }
    }

    private static int relay(CommandSpec spec, Path file, String what) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Optional<AgentEndpoint> endpoint = AgentEndpoint.readFrom(file);
        if (endpoint.isEmpty()) {
            out.println("no agent running (" + file + ")");
            out.flush();
            return what.equals("stop") ? 0 : ExitCodes.FAILURE;
        }
        Invocation here = Invocation.current();
        AgentClient.Answer answer;
        try {
            answer = new AgentClient(endpoint.get()).call(here.cwd(), Map.of(), List.of("agent", what),
                    here.stdout(), OutputStream.nullOutputStream());
        } catch (IOException e) {
            out.println("no agent answering at 127.0.0.1:" + endpoint.get().port() + " (" + file + "): " + e.getMessage());
            out.flush();
            return what.equals("stop") ? 0 : ExitCodes.FAILURE;
        }
        here.stdout().flush();
        if (what.equals("stop")) {
            out.println("agent pid " + endpoint.get().pid() + " stopped");
            out.flush();
        }
        return answer.wasRefused() ? ExitCodes.FAILURE : answer.exitCode();
    }
}
