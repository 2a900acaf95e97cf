package borgcell.cli.agent;

import borgcell.cli.BorgCommand;
import borgcell.cli.Invocation;
import java.io.File;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Help;

/**
 * Which commands the agent runs, and how: each in a fresh {@link BorgCommand} of its own, with
 * the caller's working directory, environment and terminal, so it prints and fails exactly as
 * it would have in a JVM of its own. Only client commands: those that start processes, serve
 * or measure ({@code up}, {@code master}, {@code bench}, ...) own their JVM.
 */
final class ServedCommands {
    /** The launcher sends only these; anything else is refused, and it runs the command itself. */
    static final Set<String> FIRST_WORDS = Set.of("job", "machine", "cell", "quota", "token", "cert", "help",
            "--help", "-h", "--version", "-V");

    private ServedCommands() {}

    static boolean serves(List<String> args) {
        return !args.isEmpty() && FIRST_WORDS.contains(args.getFirst());
    }

    /** Runs the command to its end; what it prints goes to {@code stdout} and {@code stderr}. */
    static int run(AgentRequest request, OutputStream stdout, OutputStream stderr) {
        Invocation invocation = new Invocation(request.cwd(), request.env(), stdout);
        PrintWriter out = new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(stderr, StandardCharsets.UTF_8));
        CommandLine cli = BorgCommand.commandLine(new BorgCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setColorScheme(Help.defaultColorScheme(request.tty() ? Help.Ansi.ON : Help.Ansi.OFF));
        // Paths the caller typed are theirs: relative to their directory, not the agent's.
        cli.registerConverter(Path.class, invocation::resolve);
        cli.registerConverter(File.class, text -> invocation.resolve(text).toFile());
        try {
            return invocation.run(() -> cli.execute(request.args().toArray(String[]::new)));
        } finally {
            out.flush();
            err.flush();
        }
    }
}
