package borgcell.cli.local;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The ahead-of-time class cache (JDK 25, {@code -XX:AOTCache}) of {@code borg up}'s own JVM,
 * where the whole cell runs: the classes of five replicas, three Borglets and Spring, read
 * ready-linked from one file. The JVM started with it names a leader in about half the time
 * (3 s instead of 6-8 s, measured on the loaded two-core machine).
 *
 * <p>The launcher names the cache ({@code -Dborg.up.aot}: beside the extracted jar, one per
 * build) and loads it when it exists. When it does not, the first cell to be up starts a
 * training run in the background, detached and at the lowest priority: another {@code borg up}
 * in a temporary directory, with {@code -XX:AOTCacheOutput}, stopped once its cell is up,
 * which is when the JVM writes the cache. Recording in the user's own run instead
 * ({@code -XX:AOTMode=record}) made it slower by half and its exit 18 s long.
 */
final class UpAotCache {
    /** The system property the launcher names the cache with. */
    static final String PROPERTY = "borg.up.aot";
    /** A training run that started longer ago than this is taken to have died. */
    private static final Duration TRAINING_LOCK_TIMEOUT = Duration.ofMinutes(10);
    /**
     * Waits for the training cell to be up (at most ten minutes), stops it (the JVM writes the
     * cache as it exits), and moves the cache into place only when complete.
     */
    private static final String TRAINING_SCRIPT = """
            cache=$1; work=$2; shift 2
            "$@" > "$work/training.log" 2>&1 &
            pid=$!
            i=0
            while [ $i -lt 2400 ] && kill -0 $pid 2>/dev/null && ! grep -q "cell is up" "$work/training.log"; do
              sleep 0.25; i=$((i + 1))
            done
            kill -TERM $pid 2>/dev/null; wait $pid
            [ -s "$cache.tmp" ] && mv -f "$cache.tmp" "$cache"
            rm -rf "$work"; rm -f "$cache.tmp" "$cache.training"
            """;

    private UpAotCache() {}

    /**
     * The cache the launcher named, when there is none yet and this JVM runs from the extracted
     * jar beside it (the class path a cache is made for and checked against).
     */
    static Optional<Path> missing() {
        String named = System.getProperty(PROPERTY);
        if (named == null || named.isBlank()) {
            return Optional.empty();
        }
        Path cache = Path.of(named).toAbsolutePath();
        Path jar = cache.resolveSibling("borg.jar");
        if (Files.exists(cache) || !System.getProperty("java.class.path", "").equals(jar.toString())) {
            return Optional.empty();
        }
        return Optional.of(cache);
    }

    /**
     * Starts the training run in the background, unless another one is under way.
     *
     * @return whether one was started
     */
    static boolean makeInBackground(Path cache) {
        try {
            if (!takeLock(cache.resolveSibling(cache.getFileName() + ".training"))) {
                return false;
            }
            Path work = Files.createTempDirectory("borg-up-aot-");
            // Started by a shell that exits at once: no descendant of this JVM, which kills its
            // descendants as the cell stops; in a session of its own, out of reach of Ctrl-C.
            List<String> command = new ArrayList<>(List.of("sh", "-c", "setsid nice -n 19 sh -c \"$0\" sh \"$@\" &",
                    TRAINING_SCRIPT, cache.toString(), work.toString()));
            command.addAll(trainingRun(cache, work));
            Process starter = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return starter.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) && starter.exitValue() == 0;
        } catch (IOException e) {
            return false; // later runs start without a cache, as this one did
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * This JVM's command line for a {@code borg up} of its own in {@code work}, writing the
     * cache: the same JVM options, for a cache is only used by a JVM started like the one that
     * made it, without the property, so that the training run does not train in turn.
     */
    private static List<String> trainingRun(Path cache, Path work) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!option.startsWith("-D" + PROPERTY + "=") && !option.startsWith("-XX:AOTCache")) {
                command.add(option);
            }
        }
        command.addAll(List.of("-XX:AOTCacheOutput=" + cache + ".tmp", "-jar", System.getProperty("java.class.path"),
                "up", "--dir", work.resolve(".borg").toString()));
        return command;
    }

    private static boolean takeLock(Path lock) throws IOException {
        try {
            Files.createFile(lock);
            return true;
        } catch (FileAlreadyExistsException e) {
            Instant since = Files.getLastModifiedTime(lock).toInstant();
            if (since.plus(TRAINING_LOCK_TIMEOUT).isAfter(Instant.now())) {
                return false;
            }
            Files.setLastModifiedTime(lock, FileTime.from(Instant.now()));
            return true;
        }
    }
}
