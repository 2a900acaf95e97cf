package borgcell.cli.faults;

import borgcell.cli.files.DirectoryTree;
import borgcell.cli.local.CellLayout;
import borgcell.cli.local.LocalCell;
import borgcell.faults.campaign.CellControl;
import io.grpc.ChannelCredentials;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.List;

/** The campaign's hands on a {@link LocalCell}: the processes {@code borg up} would start. */
final class LocalCellControl implements CellControl {
    private final LocalCell cell;
    private final CellLayout layout;

    /** The admin's, read at the first call: the cell makes its files as it starts, after this is made. */
    private List<ReplicaEndpoint> endpoints;

    LocalCellControl(LocalCell cell) {
        this.cell = cell;
        this.layout = cell.layout();
    }

    @Override
    public synchronized List<ReplicaEndpoint> replicas() {
        if (endpoints == null) {
            ChannelCredentials credentials = cell.clientCredentials();
            HttpClient http = cell.httpClient();
            endpoints = layout.replicas().stream().map(r -> new ReplicaEndpoint(r.id(), r.grpcAddress(),
                    r.httpUrl(cell.clientTls().isPresent()), credentials, http)).toList();
        }
        return endpoints;
    }

    @Override
    public List<String> borglets() {
        return layout.borglets().stream().map(CellLayout.BorgletSpec::id).toList();
    }

    @Override
    public void kill(String id) {
        cell.kill(id);
    }

    @Override
    public void start(String id) throws IOException {
        cell.restart(id);
    }

    @Override
    public boolean running(String id) {
        return cell.isRunning(id);
    }

    @Override
    public void pause(String id) {
        cell.signal(id, "STOP");
    }

    @Override
    public void resume(String id) {
        cell.signal(id, "CONT");
    }

    @Override
    public void wipe(String replicaId) throws IOException {
        if (cell.isRunning(replicaId)) {
            throw new IllegalStateException(replicaId + " is running; kill it before wiping its data");
        }
        DirectoryTree.delete(dataDir(replicaId));
    }

    @Override
    public Path dataDir(String replicaId) {
        return layout.replicas().stream().filter(r -> r.id().equals(replicaId)).findFirst()
                .map(layout::dataDir)
                .orElseThrow(() -> new IllegalArgumentException("no replica " + replicaId));
    }

    @Override
    public Path scratch() {
        return layout.dir().resolve("campaign");
    }

    @Override
    public void close() {
        cell.close();
    }
}
