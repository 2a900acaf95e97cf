package borgcell.faults.campaign;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The cell's processes, as a campaign needs to hurt them: each replica and Borglet by id
 * ({@code r1}.., {@code m1}..). Implemented over {@code borg up}'s launcher by the CLI; kept an
 * interface so the campaign does not depend on how processes are started.
 */
public interface CellControl extends AutoCloseable {

    /**
     * A replica's addresses, gRPC {@code host:port} and HTTP {@code https://host:port}, and the
     * credentials the campaign's clients call it with (the cell's admin certificate, or plaintext):
     * {@code credentials} for gRPC, {@code http} a client made with the same certificate.
     */
    record ReplicaEndpoint(String id, String grpcAddress, String httpUrl, ChannelCredentials credentials,
                           java.net.http.HttpClient http) {
        /** A channel to the replica's gRPC, not yet built. */
        ManagedChannelBuilder<?> channel() {
            int colon = grpcAddress.lastIndexOf(':');
            return Grpc.newChannelBuilderForAddress(grpcAddress.substring(0, colon),
                    Integer.parseInt(grpcAddress.substring(colon + 1)), credentials);
        }
    }

    List<ReplicaEndpoint> replicas();

    List<String> borglets();

    /** SIGKILL, and wait until the process is gone. */
    void kill(String id);

    /** Starts the process again with the same command line (and data directory). */
    void start(String id) throws IOException;

    boolean running(String id);

    /** SIGSTOP: the process stays but stops answering anyone. */
    void pause(String id);

    /** SIGCONT. */
    void resume(String id);

    /** Deletes a replica's data directory; the replica must not be running. */
    void wipe(String replicaId) throws IOException;

    /** Where a replica keeps its Raft log and snapshots. */
    Path dataDir(String replicaId);

    /** A directory for the campaign's own files (the tasks' ledger). */
    Path scratch();

    @Override
    void close();
}
