package borgcell.faults.campaign;

import borgcell.api.v1.raft.CellSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Each replica's own state, not the leader's: asks the replica to write a snapshot now
 * ({@code POST /api/v1/raft/snapshot}) and reads the file from its data directory (Ratis'
 * {@code sm/snapshot.TERM_INDEX}, our canonical {@link CellSnapshot}).
 */
final class Snapshots {
    private static final Pattern INDEX = Pattern.compile("\"index\"\\s*:\\s*(-?\\d+)");

    /** @return the index the replica's snapshot was taken at */
    long take(CellControl.ReplicaEndpoint replica) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(replica.httpUrl() + "/api/v1/raft/snapshot"))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<String> response = replica.http().send(request, HttpResponse.BodyHandlers.ofString());
            Matcher m = INDEX.matcher(response.body());
            if (response.statusCode() != 200 || !m.find()) {
                throw new IOException(replica.id() + " refused a snapshot: " + response.statusCode() + " " + response.body());
            }
            return Long.parseLong(m.group(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** The snapshot at {@code index} in a replica's data directory, if it is there. */
    static Optional<CellSnapshot> read(Path dataDir, long index) throws IOException {
        Optional<Path> file;
        try (Stream<Path> files = Files.walk(dataDir, 4)) {
            file = files.filter(p -> p.getParent() != null && p.getParent().getFileName().toString().equals("sm"))
                    .filter(p -> p.getFileName().toString().matches("snapshot\\.\\d+_" + index))
                    .findFirst();
        }
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(file.get())) {
            return Optional.of(CellSnapshot.parseFrom(in));
        }
    }
}
