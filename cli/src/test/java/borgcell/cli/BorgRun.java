package borgcell.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One {@code borg} command run in this JVM, as the command line would run it: its exit code and what it printed. */
public record BorgRun(int exitCode, String out, String err) {

    public static BorgRun borg(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = BorgCommand.commandLine(new BorgCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new BorgRun(code, out.toString(), err.toString());
    }
}
