package borgcell.master.raft;

import java.nio.file.Path;
import java.util.List;

/**
 * Who this replica is, who its peers are, and where it keeps its Raft log and snapshots.
 *
 * @param bindHost where its gRPC and Raft servers listen; null: its own peer address's host, as a
 *     local cell listens on loopback. In a Kubernetes pod, {@code 0.0.0.0}: the peer address is
 *     the pod's stable name, which resolves to the pod's IP alone, and {@code kubectl
 *     port-forward} reaches a pod's servers on its loopback
 */
public record ReplicaConfig(String id, List<PeerAddress> peers, Path dataDir, String bindHost) {
    public ReplicaConfig {
        peers = List.copyOf(peers);
        if (peers.stream().noneMatch(p -> p.id().equals(id))) {
            throw new IllegalArgumentException("borg.replica.id: \"" + id + "\" is not among the peers " + peers);
        }
        if (bindHost != null && bindHost.isBlank()) {
            bindHost = null;
        }
    }

    /** A replica that listens at its own peer address. */
    public ReplicaConfig(String id, List<PeerAddress> peers, Path dataDir) {
        this(id, peers, dataDir, null);
    }

    public PeerAddress self() {
        return peers.stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
    }

    /** The host its servers bind to: {@link #bindHost} when given, else its own peer address's. */
    public String listenHost() {
        return bindHost != null ? bindHost : self().host();
    }

    public PeerAddress peer(String peerId) {
        return peers.stream().filter(p -> p.id().equals(peerId)).findFirst().orElse(null);
    }
}
