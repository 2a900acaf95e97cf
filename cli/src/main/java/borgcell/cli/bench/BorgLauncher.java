package borgcell.cli.bench;

import borgcell.cli.CliException;
import borgcell.cli.ExitCodes;
import borgcell.cli.local.LocalCell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --launcher}, for a benchmark that starts the {@code borg} command as people do:
 * {@code script}, the ./borg launcher (its JDK search, its JVM flags, its client agent), or
 * {@code java}, java -jar borg.jar with the flags the launcher gives a short command.
 */
public final class BorgLauncher {
    @Option(names = "--launcher", defaultValue = "script",
            description = "script: the ./borg launcher, as people type it; java: java -jar borg.jar with the flags ./borg"
                    + " gives a short command (default: ${DEFAULT-VALUE}).")
    String choice;

    /** The choice, as the benchmark's figures name it. */
    public String name() {
        return choice;
    }

    public boolean isScript() {
        return choice.equals("script");
    }

    /** The command up to the borg arguments. */
    public List<String> command() {
        Path script = Path.of(System.getProperty("borg.home", ".")).resolve("borg");
        return switch (choice) {
            case "script" -> {
                if (!Files.isExecutable(script)) {
                    throw new CliException(ExitCodes.USAGE, "no ./borg launcher at " + script + ": run through ./borg,"
                            + " or give --launcher java");
                }
                yield List.of(script.toString());
            }
            case "java" -> {
                LocalCell.Launcher self = LocalCell.Launcher.forThisJvm();
                yield List.of(self.javaBinary().toString(), "--enable-native-access=ALL-UNNAMED",
                        "--sun-misc-unsafe-memory-access=allow", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar",
                        self.jar().toString());
            }
            default -> throw new CliException(ExitCodes.USAGE, "--launcher must be script or java (got \"" + choice + "\")");
        };
    }
}
