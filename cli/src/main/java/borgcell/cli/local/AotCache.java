package borgcell.cli.local;

import borgcell.cli.files.DirectoryTree;
import borgcell.trust.CellCa;
import borgcell.trust.Identity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An ahead-of-time class cache for the cell's processes (JDK 25, {@code -XX:AOTCache}): the
 * classes a replica loads and links at start, read ready-made from one file. A replica alone
 * starts in about 1.2 s with it instead of 2.4 s, and eight JVMs starting at once on two cores
 * spend that much less of the CPU the others need (a full restart of the five replicas is
 * mostly this).
 *
 * <p>Made once per extracted jar by a training run: one single-replica master on free ports
 * that becomes leader, then is stopped gracefully, which is when the JVM writes the cache.
 * Borglets use the same cache for the classes they share with a replica. When anything fails
 * the processes start without a cache, as before.
 */
final class AotCache {
    static final String FILE = "borg.aot";
    private static final long TRAINING_SECONDS = 90;

    private AotCache() {}

    static LocalCell.Launcher prepare(LocalCell.Launcher launcher, Path appDir) {
        Path cache = appDir.resolve(FILE);
        if (Files.isRegularFile(cache)) {
            return launcher.withAotCache(cache);
        }
        Path training = appDir.resolve("aot-training");
        try {
            if (train(launcher, cache, training) && Files.isRegularFile(cache)) {
                return launcher.withAotCache(cache);
            }
        } catch (IOException e) {
            // no cache: the processes start without one
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                DirectoryTree.delete(training);
            } catch (IOException e) {
                // a training directory left behind is harmless
            }
        }
        return launcher;
    }

    private static boolean train(LocalCell.Launcher launcher, Path cache, Path training)
            throws IOException, InterruptedException {
        Files.createDirectories(training);
        List<Integer> ports = PortAllocator.freePorts(3);
        Path log = training.resolve("training.log");
        // With TLS, as the cell's replicas run: the handshake's classes go into the cache too.
        Path pki = training.resolve("pki");
        CellCa.loadOrCreate(pki).issue(Identity.replica("r1"), List.of(CellLayout.HOST));
        List<String> command = new ArrayList<>(launcher.jvm("-XX:AOTCacheOutput=" + cache));
        command.addAll(List.of("master", "--id", "r1",
                "--peers", "r1@127.0.0.1:" + ports.get(0) + ":" + ports.get(1) + ":" + ports.get(2),
                "--data-dir", training.resolve("data").toString(), "--heartbeat-interval", LocalCell.HEARTBEAT,
                "--tls-dir", pki.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TRAINING_SECONDS);
            while (System.nanoTime() < deadline && p.isAlive() && !started(log)) {
                Thread.sleep(100);
            }
            if (!p.isAlive() || !started(log)) {
                return false;
            }
            p.destroy(); // SIGTERM: the JVM writes the cache as it exits
            return p.waitFor(TRAINING_SECONDS, TimeUnit.SECONDS);
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }

    private static boolean started(Path log) throws IOException {
        return Files.isRegularFile(log)
                && Files.readString(log, StandardCharsets.ISO_8859_1).contains("Started BorgMasterApplication");
    }
}
