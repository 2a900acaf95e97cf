package borgcell.master.raft;

import java.nio.file.Path;
import java.util.List;

/** Who this replica is, who its peers are, and where it keeps its Raft log and snapshots. */
public record ReplicaConfig(String id, List<PeerAddress> peers, Path dataDir) {
    public ReplicaConfig {
        peers = List.copyOf(peers);
        if (peers.stream().noneMatch(p -> p.id().equals(id))) {
            throw new IllegalArgumentException("borg.replica.id: \"" + id + "\" is not among the peers " + peers);
        }
    }

    public PeerAddress self() {
        return peers.stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
    }

    public PeerAddress peer(String peerId) {
        return peers.stream().filter(p -> p.id().equals(peerId)).findFirst().orElse(null);
    }
}
