package borgcell.faults.campaign;

import borgcell.api.v1.CellInfo;
import borgcell.api.v1.CellServiceGrpc;
import borgcell.api.v1.GetCellRequest;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Asks each replica for its own view ({@code GetCell} answers from the replica it reaches and
 * says so): who it thinks leads, in which term, and how far it has applied the log.
 */
final class ReplicaWatch implements AutoCloseable {

    /** One replica's answer. */
    record View(String replica, String leader, long term, long appliedIndex, int jobs, int snapshotsInstalled) {}

    private final List<CellControl.ReplicaEndpoint> replicas;
    private final Map<String, ManagedChannel> channels = new LinkedHashMap<>();

    ReplicaWatch(List<CellControl.ReplicaEndpoint> replicas) {
        this.replicas = List.copyOf(replicas);
        for (CellControl.ReplicaEndpoint r : replicas) {
            channels.put(r.id(), r.channel().build());
        }
    }

    /** The replica's view, or empty if it does not answer within {@code timeoutMillis}. */
    synchronized Optional<View> view(String replica, long timeoutMillis) {
        ManagedChannel channel = channels.get(replica);
        // A restarted replica must be tried at once, not after gRPC's reconnect backoff.
        channel.resetConnectBackoff();
        try {
            CellInfo info = CellServiceGrpc.newBlockingStub(channel).withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS)
                    .getCell(GetCellRequest.getDefaultInstance());
            return Optional.of(new View(info.getAnsweredBy(), info.getLeaderId(), info.getTerm(), info.getAppliedIndex(),
                    info.getJobs(), info.getSnapshotsInstalled()));
        } catch (StatusRuntimeException e) {
            return Optional.empty();
        }
    }

    /** Every replica that answers, by id. */
    Map<String, View> views(long timeoutMillis) {
        Map<String, View> views = new LinkedHashMap<>();
        for (CellControl.ReplicaEndpoint r : replicas) {
            view(r.id(), timeoutMillis).ifPresent(v -> views.put(r.id(), v));
        }
        return views;
    }

    /** The replica that says it leads, in the highest term any such claim was made. */
    Optional<String> leader(long timeoutMillis) {
        return views(timeoutMillis).values().stream()
                .filter(v -> v.leader().equals(v.replica()))
                .max(java.util.Comparator.comparingLong(View::term))
                .map(View::replica);
    }

    /** Replicas that answer and know a leader: they can serve calls. */
    int serving(long timeoutMillis) {
        return (int) views(timeoutMillis).values().stream().filter(v -> !v.leader().isEmpty()).count();
    }

    @Override
    public synchronized void close() {
        channels.values().forEach(ManagedChannel::shutdownNow);
    }
}
