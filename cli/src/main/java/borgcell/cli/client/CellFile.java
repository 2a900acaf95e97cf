package borgcell.cli.client;

import borgcell.trust.TlsFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code .borg/cell.json}: what {@code borg up} started, so that later commands find the
 * masters without {@code --master}, and a second {@code borg up} can reuse the ports.
 *
 * @param pid the {@code borg up} process that owns the cell
 */
public record CellFile(long pid, long startedMillis, List<ReplicaEntry> replicas, List<BorgletEntry> borglets,
                       ClientTls tls) {

    public static final String NAME = "cell.json";

    /**
     * @param http a URL, {@code http://127.0.0.1:PORT}
     * @param dns where it serves DNS, {@code 127.0.0.1:PORT}; null in files written before replicas served it
     */
    public record ReplicaEntry(String id, String grpc, String raft, String http, String log, String dns) {}

    /** @param http the Borglet's metrics base URL; null in files written before it had one */
    public record BorgletEntry(String id, String rack, String http, String log) {}

    /**
     * The credentials the cell's own clients use (the admin certificate {@code borg up} issued),
     * as paths; absent from the file of a cell started with {@code --insecure}.
     */
    public record ClientTls(String certificate, String key, String ca) {
        public static ClientTls of(TlsFiles files) {
            return new ClientTls(files.certificate().toString(), files.key().toString(), files.ca().toString());
        }

        TlsFiles files() {
            return new TlsFiles(Path.of(certificate), Path.of(key), Path.of(ca));
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public CellFile {
        replicas = replicas == null ? List.of() : List.copyOf(replicas);
        borglets = borglets == null ? List.of() : List.copyOf(borglets);
    }

    /** A plaintext cell's file. */
    public CellFile(long pid, long startedMillis, List<ReplicaEntry> replicas, List<BorgletEntry> borglets) {
        this(pid, startedMillis, replicas, borglets, null);
    }

    public Optional<TlsFiles> clientTls() {
        return Optional.ofNullable(tls).map(ClientTls::files);
    }

    public List<MasterAddress> masters() {
        return replicas.stream().map(r -> MasterAddress.parse(r.grpc())).toList();
    }

    /** True while the {@code borg up} that wrote this file still runs. */
    public boolean ownerAlive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    public static CellFile read(Path file) throws IOException {
        try {
            return JSON.readValue(Files.readString(file), CellFile.class);
        } catch (JacksonException e) {
            throw new IOException(file + ": not a cell file: " + e.getOriginalMessage(), e);
        }
    }

    /** Written to a temporary file and moved, so a reader never sees half a file. */
    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, JSON.writeValueAsString(this) + "\n");
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
