package borgcell.master.raft;

import java.io.IOException;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.client.RaftClientRpc;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;

/**
 * Ratis' gRPC client RPC, except that dropping a peer's connection after an error happens on a
 * virtual thread of its own instead of on the caller's.
 *
 * <p>After a timeout or a "not the leader" answer, the Ratis client resets its connection to that
 * peer, and the reset closes the old gRPC channel gracefully, waiting up to 3 s for its open
 * stream. It does so on the client's timer thread, so every retry of every request of this
 * replica waited too: the fault campaign measured 3.4-4.8 s failovers, all with a new leader
 * named within 0.9 s and this 3 s wait in the replica's log ("Timed out gracefully shutting down
 * connection"). The peer is taken out of the client's map at once either way; only the wait for
 * the old channel moves off the retry path.
 */
final class BackgroundReconnectRpc implements RaftClientRpc {
    private final RaftClientRpc delegate;

    BackgroundReconnectRpc(RaftClientRpc delegate) {
        this.delegate = delegate;
    }

    @Override
    public boolean handleException(RaftPeerId serverId, Throwable t, boolean reconnect) {
        boolean resets = reconnect || delegate.shouldReconnect(t);
        if (resets) {
            Thread.ofVirtual().name("raft-client-reconnect-" + serverId)
                    .start(() -> delegate.handleException(serverId, t, reconnect));
        }
        return resets;
    }

    @Override
    public boolean shouldReconnect(Throwable t) {
        return delegate.shouldReconnect(t);
    }

    @Override
    public CompletableFuture<RaftClientReply> sendRequestAsync(RaftClientRequest request) {
        return delegate.sendRequestAsync(request);
    }

    @Override
    public CompletableFuture<RaftClientReply> sendRequestAsyncUnordered(RaftClientRequest request) {
        return delegate.sendRequestAsyncUnordered(request);
    }

    @Override
    public RaftClientReply sendRequest(RaftClientRequest request) throws IOException {
        return delegate.sendRequest(request);
    }

    @Override
    public void addRaftPeers(Collection<RaftPeer> peers) {
        delegate.addRaftPeers(peers);
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
