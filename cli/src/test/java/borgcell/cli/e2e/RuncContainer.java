package borgcell.cli.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One container of an image, run by runc from a bundle umoci unpacks: the runtime spec is the
 * one umoci derives from the image's configuration (its user, entrypoint, environment, working
 * directory), changed only where a test must: the arguments after the entrypoint, extra
 * environment, directories bound in, and the host's network namespace (its loopback ports are
 * the test's). Stopped and deleted on close, whatever happened.
 */
final class RuncContainer implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A host directory seen at {@code destination} in the container. */
    record Bind(Path source, String destination, boolean readOnly) {}

    /** What to run: the image's entrypoint with {@code args}; {@code uid} null keeps the image's user. */
    record Spec(List<String> args, List<String> env, List<Bind> binds, Integer uid) {}

    private final Path runc;
    private final String id;
    private final Path log;
    private final Process process;

    private RuncContainer(Path runc, String id, Path log, Process process) {
        this.runc = runc;
        this.id = id;
        this.log = log;
        this.process = process;
    }

    static RuncContainer start(Path runc, Path umoci, OciImage image, Path bundle, String id, Spec spec) throws Exception {
        ExternalTool.run(bundle.getParent(), umoci.toString(), "unpack", "--image",
                image.layout() + ":" + image.reference(), bundle.toString());
        Path configFile = bundle.resolve("config.json");
        ObjectNode config = (ObjectNode) JSON.readTree(Files.readString(configFile));
        adapt(config, image, spec);
        Files.writeString(configFile, JSON.writeValueAsString(config));
        Path log = bundle.resolveSibling(id + ".log");
        Process process = new ProcessBuilder(runc.toString(), "run", "--bundle", bundle.toString(), id)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new RuncContainer(runc, id, log, process);
    }

    private static void adapt(ObjectNode config, OciImage image, Spec spec) {
        ObjectNode process = (ObjectNode) config.get("process");
        process.put("terminal", false);
        ArrayNode args = process.putArray("args");
        image.entrypoint().forEach(args::add);
        spec.args().forEach(args::add);
        ArrayNode env = (ArrayNode) process.get("env");
        spec.env().forEach(env::add);
        if (spec.uid() != null) {
            ((ObjectNode) process.get("user")).put("uid", spec.uid()).put("gid", spec.uid());
        }
        ArrayNode namespaces = (ArrayNode) config.path("linux").get("namespaces");
        for (int i = namespaces.size() - 1; i >= 0; i--) {
            if ("network".equals(namespaces.get(i).path("type").asString())) {
                namespaces.remove(i);
            }
        }
        ArrayNode mounts = (ArrayNode) config.get("mounts");
        for (Bind bind : spec.binds()) {
            // umoci mounts a tmpfs (root's) at each of the image's volumes: the bind takes its place.
            for (int i = mounts.size() - 1; i >= 0; i--) {
                if (bind.destination().equals(mounts.get(i).path("destination").asString())) {
                    mounts.remove(i);
                }
            }
            ObjectNode mount = mounts.addObject();
            mount.put("destination", bind.destination()).put("type", "bind").put("source", bind.source().toString());
            mount.putArray("options").add("rbind").add(bind.readOnly() ? "ro" : "rw");
        }
    }

    boolean isRunning() {
        return process.isAlive();
    }

    /** What the container has printed so far (stdout and stderr). */
    String output() throws Exception {
        return Files.isRegularFile(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
    }

    /** The real user id of the container's first process, as the host's kernel sees it. */
    int uid() throws Exception {
        String state = ExternalTool.run(log.getParent(), runc.toString(), "state", id);
        long pid = JSON.readTree(state).path("pid").asLong();
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(line -> line.startsWith("Uid:"))
                .map(line -> Integer.parseInt(line.split("\\s+")[1]))
                .findFirst().orElseThrow();
    }

    @Override
    public void close() throws Exception {
        new ProcessBuilder(runc.toString(), "kill", id, "KILL").redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
        process.waitFor(20, TimeUnit.SECONDS);
        new ProcessBuilder(runc.toString(), "delete", "--force", id).redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
        process.destroyForcibly();
    }
}
