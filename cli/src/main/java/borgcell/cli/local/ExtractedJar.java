package borgcell.cli.local;

import borgcell.cli.files.DirectoryTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The borg jar unpacked for a cell ({@code java -Djarmode=tools -jar borg.jar extract}): a thin
 * jar with its libraries beside it, which the JVM's own class loader reads directly instead of
 * Spring Boot's nested-jar loader. Prepared once per cell directory, again when the jar
 * changes; when it cannot be prepared the processes start from the jar itself, as before.
 * The {@link AotCache} is made for this extracted jar, and lives beside it.
 */
final class ExtractedJar {
    private static final String STAMP = ".source";

    private ExtractedJar() {}

    static LocalCell.Launcher prepare(LocalCell.Launcher launcher, Path cellDir) {
        Path app = cellDir.resolve("app");
        try {
            String source = launcher.jar().toAbsolutePath() + " " + Files.size(launcher.jar()) + " "
                    + Files.getLastModifiedTime(launcher.jar()).toMillis();
            Path stamp = app.resolve(STAMP);
            if (!Files.isRegularFile(stamp) || !Files.readString(stamp).equals(source)) {
                DirectoryTree.delete(app);
                Process p = new ProcessBuilder(launcher.javaBinary().toString(), "-Djarmode=tools", "-jar",
                        launcher.jar().toString(), "extract", "--destination", app.toString())
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0 || !Files.isRegularFile(app.resolve("borg.jar"))) {
                    p.destroyForcibly();
                    return launcher;
                }
                Files.writeString(stamp, source);
            }
            return new LocalCell.Launcher(launcher.javaBinary(), app.resolve("borg.jar"));
        } catch (IOException e) {
            return launcher;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return launcher;
        }
    }

}
