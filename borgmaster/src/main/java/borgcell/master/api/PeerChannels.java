package borgcell.master.api;

import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** This replica's channels to the others' gRPC, one per address, made on first use and kept. */
public final class PeerChannels implements AutoCloseable {
    /** As the CLI allows: a plan of a job of 100,000 tasks lists each. */
    private static final int MAX_MESSAGE_BYTES = 64 << 20;

    private final ChannelCredentials credentials;
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

    /** @param credentials how this replica calls another: its own certificate, or plaintext */
    public PeerChannels(ChannelCredentials credentials) {
        this.credentials = credentials;
    }

    ManagedChannel to(String address) {
        return channels.computeIfAbsent(address, a -> NettyChannelBuilder.forTarget(a, credentials)
                .maxInboundMessageSize(MAX_MESSAGE_BYTES).build());
    }

    @Override
    public void close() {
        channels.values().forEach(ManagedChannel::shutdownNow);
    }
}
