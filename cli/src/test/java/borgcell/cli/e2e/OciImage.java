package borgcell.cli.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An OCI image tarball (what Jib's {@code buildTar} writes with format OCI) unpacked to an
 * image layout directory: the reference it is tagged with and its configuration, read from the
 * image's own index, manifest and config blobs as a runtime would.
 */
record OciImage(Path layout, String reference, JsonNode config) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static OciImage unpack(Path tarball, Path layout) throws Exception {
        Files.createDirectories(layout);
        ExternalTool.run(layout, "tar", "-xf", tarball.toString(), "-C", layout.toString());
        JsonNode index = read(layout.resolve("index.json"));
        JsonNode entry = index.path("manifests").path(0);
        String reference = entry.path("annotations").path("org.opencontainers.image.ref.name").asString();
        JsonNode manifest = read(blob(layout, entry.path("digest").asString()));
        JsonNode config = read(blob(layout, manifest.path("config").path("digest").asString()));
        return new OciImage(layout, reference, config);
    }

    /** The process part of the configuration (User, Entrypoint, Cmd, ExposedPorts, ...). */
    JsonNode process() {
        return config.path("config");
    }

    List<String> entrypoint() {
        List<String> args = new ArrayList<>();
        process().path("Entrypoint").forEach(arg -> args.add(arg.asString()));
        return args;
    }

    private static Path blob(Path layout, String digest) {
        return layout.resolve("blobs").resolve(digest.replace(':', '/'));
    }

    private static JsonNode read(Path file) throws IOException {
        return JSON.readTree(Files.readString(file));
    }
}
