package borgcell.cli.faults;

import borgcell.cli.files.DirectoryTree;
import borgcell.cli.local.CellLayout;
import borgcell.cli.local.LocalCell;
import borgcell.faults.campaign.CellControl;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The campaign's hands on a {@link LocalCell}: the processes {@code borg up} would start. */
final class LocalCellControl implements CellControl {
    private final LocalCell cell;
    private final CellLayout layout;

    LocalCellControl(LocalCell cell) {
        this.cell = cell;
        this.layout = cell.layout();
    }

    @Override
    public List<ReplicaEndpoint> replicas() {
        return layout.replicas().stream().map(r -> new ReplicaEndpoint(r.id(), r.grpcAddress(), r.httpUrl(),
                cell.clientCredentials())).toList();
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
