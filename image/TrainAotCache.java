import borgcell.trust.CellCa;
import borgcell.trust.Identity;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Makes the image's JDK 25 AOT cache from the image itself: unpacks an OCI image tarball (the
 * image as Jib built it, without the cache), runs its own entrypoint from the unpacked files
 * as a single-replica master until it is serving, stops it, and keeps the cache the JVM writes
 * as it exits. A second Jib build adds that file at the path the entrypoint names.
 *
 * <p>A cache is used only with the same JVM and the same class path, jar by jar, size and time
 * stamp. Here they are the image's own files, unpacked with their time stamps, in the order of
 * the image's own class-path file; only the directory they sit in differs, and the JVM accepts
 * a class path moved as a whole (the absolute paths in the entrypoint are rewritten to the
 * unpacked copy). The image test runs the container with {@code -XX:AOTMode=on}, which refuses
 * to start unless the cache is used, so a cache that does not fit fails the build's tests.
 *
 * <p>Run by the cli module's {@code image} profile with the module's class path (the trust
 * module makes the training replica's certificates: it trains with mutual TLS, as replicas run):
 * {@code java -cp CP image/TrainAotCache.java IMAGE.tar CACHE WORK_DIR}.
 */
public final class TrainAotCache {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long START_SECONDS = 180;
    private static final long EXIT_SECONDS = 180;
    private static final String STARTED = "Started BorgMasterApplication";
    private static final String CACHE_FLAG = "-XX:AOTCache=";

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: TrainAotCache IMAGE.tar CACHE-OUTPUT WORK-DIR");
            System.exit(2);
        }
        Path image = Path.of(args[0]).toAbsolutePath();
        Path cache = Path.of(args[1]).toAbsolutePath();
        Path work = Path.of(args[2]).toAbsolutePath();
        deleteTree(work);
        Path rootfs = Files.createDirectories(work.resolve("rootfs"));
        JsonNode config = unpack(image, work.resolve("layout"), rootfs);

        List<String> command = relocated(config.path("config").path("Entrypoint"), rootfs, cache, work);
        command.addAll(trainingReplica(work));
        Files.createDirectories(cache.getParent());
        Files.deleteIfExists(cache);
        Path log = work.resolve("training.log");
        System.err.println("image: training the AOT cache with " + String.join(" ", command));
        train(command, config.path("config").path("Env"), work, log);
        if (!Files.isRegularFile(cache) || Files.size(cache) == 0) {
            fail("the JVM wrote no AOT cache; its output is in " + log);
        }
        System.err.printf("image: AOT cache %s (%d MiB)%n", cache, Files.size(cache) >> 20);
        // The unpacked image is two copies of it; the training's log, PKI and data stay.
        deleteTree(rootfs);
        deleteTree(work.resolve("layout"));
    }

    /** Unpacks the tarball's layers in order into rootfs (time stamps kept); returns its config. */
    private static JsonNode unpack(Path image, Path layout, Path rootfs) throws Exception {
        Files.createDirectories(layout);
        run(List.of("tar", "-xf", image.toString(), "-C", layout.toString()));
        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        JsonNode manifest = JSON.readTree(blob(layout, index.path("manifests").path(0).path("digest").asString()).toFile());
        for (JsonNode layer : manifest.path("layers")) {
            // --no-same-owner: as root, tar would give files the image's owners; the copy needs none.
            // Jib's layers carry a LIBARCHIVE.creationtime header GNU tar does not know: harmless.
            run(List.of("tar", "-xzf", blob(layout, layer.path("digest").asString()).toString(),
                    "--no-same-owner", "--warning=no-unknown-keyword", "-C", rootfs.toString()));
        }
        return JSON.readTree(blob(layout, manifest.path("config").path("digest").asString()).toFile());
    }

    private static Path blob(Path layout, String digest) {
        if (!digest.startsWith("sha256:")) {
            fail("unexpected digest in the image: " + digest);
        }
        return layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
    }

    /**
     * The image's entrypoint run from the unpacked copy: absolute paths (and the entries of an
     * {@code @file}'s class path) moved under rootfs, and the cache flag turned into the one
     * that writes the cache where the second build takes it from.
     */
    private static List<String> relocated(JsonNode entrypoint, Path rootfs, Path cache, Path work) throws IOException {
        List<String> command = new ArrayList<>();
        boolean cacheFlag = false;
        for (JsonNode node : entrypoint) {
            String arg = node.asString();
            if (arg.startsWith(CACHE_FLAG)) {
                command.add("-XX:AOTCacheOutput=" + cache);
                cacheFlag = true;
            } else if (arg.startsWith("@/")) {
                String content = Files.readString(under(rootfs, arg.substring(1)), StandardCharsets.UTF_8).strip();
                Path moved = work.resolve(Path.of(arg.substring(1)).getFileName() + ".relocated");
                Files.writeString(moved, relocateClassPath(content, rootfs));
                command.add("@" + moved);
            } else if (arg.startsWith("/")) {
                command.add(under(rootfs, arg).toString());
            } else {
                command.add(arg);
            }
        }
        if (command.isEmpty() || !cacheFlag) {
            fail("the image's entrypoint " + entrypoint + " names no " + CACHE_FLAG + "FILE to train");
        }
        return command;
    }

    private static String relocateClassPath(String classPath, Path rootfs) {
        List<String> entries = new ArrayList<>();
        for (String entry : classPath.split(":")) {
            entries.add(entry.startsWith("/") ? under(rootfs, entry).toString() : entry);
        }
        return String.join(":", entries);
    }

    private static Path under(Path rootfs, String absolute) {
        return rootfs.resolve(absolute.substring(1));
    }

    /** A single-replica cell on free loopback ports, with mutual TLS: what a replica loads at start. */
    private static List<String> trainingReplica(Path work) throws IOException {
        Path pki = work.resolve("pki");
        CellCa.loadOrCreate(pki).issue(Identity.replica("r1"), List.of("127.0.0.1", "localhost"));
        int raft = freePort();
        int grpc = freePort();
        int http = freePort();
        return List.of("master", "--id", "r1", "--peers", "r1@127.0.0.1:" + raft + ":" + grpc + ":" + http,
                "--data-dir", work.resolve("data").toString(), "--tls-dir", pki.toString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * Runs the training replica until it serves, then stops it with SIGTERM: the JVM writes the
     * cache as it exits. Only the image's environment reaches it, so no JAVA_TOOL_OPTIONS of
     * the build's changes what is trained.
     */
    private static void train(List<String> command, JsonNode imageEnv, Path work, Path log) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        for (JsonNode entry : imageEnv) {
            String[] pair = entry.asString().split("=", 2);
            env.put(pair[0], pair.length > 1 ? pair[1] : "");
        }
        Process replica = builder.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
            while (System.nanoTime() < deadline && replica.isAlive() && !logSays(log, STARTED)) {
                Thread.sleep(200);
            }
            if (!logSays(log, STARTED)) {
                fail("the training replica did not start within " + START_SECONDS + " s; its output is in " + log);
            }
            replica.destroy();
            if (!replica.waitFor(EXIT_SECONDS, TimeUnit.SECONDS)) {
                fail("the training replica did not exit within " + EXIT_SECONDS + " s of SIGTERM; see " + log);
            }
        } finally {
            replica.destroyForcibly();
        }
    }

    private static boolean logSays(Path log, String text) throws IOException {
        return Files.isRegularFile(log) && Files.readString(log, StandardCharsets.ISO_8859_1).contains(text);
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (p.waitFor() != 0) {
            fail(String.join(" ", command) + " exited " + p.exitValue());
        }
    }

    private static void deleteTree(Path dir) throws Exception {
        if (Files.exists(dir)) {
            run(List.of("rm", "-rf", dir.toString()));
        }
    }

    private static void fail(String message) {
        System.err.println("image: " + message);
        System.exit(1);
    }
}
