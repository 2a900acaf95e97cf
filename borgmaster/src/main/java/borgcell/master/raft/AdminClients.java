package borgcell.master.raft;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcFactory;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.util.TimeDuration;

/** Ratis clients for one admin call each: no retries and a short deadline, so a dead peer answers fast. */
final class AdminClients {
    private final RaftGroup group;
    private final Parameters links;

    /** @param links the Raft links' parameters: their TLS, when the cell has it */
    AdminClients(RaftGroup group, Parameters links) {
        this.group = group;
        this.links = links;
    }

    RaftClient open(Duration timeout) {
        return builder(timeout).build();
    }

    /** The same, sending to the given leader first. */
    RaftClient open(Duration timeout, RaftPeerId leader) {
        return builder(timeout).setLeaderId(leader).build();
    }

    private RaftClient.Builder builder(Duration timeout) {
        RaftProperties props = new RaftProperties();
        RaftClientConfigKeys.Rpc.setRequestTimeout(props, TimeDuration.valueOf(timeout.toMillis(), TimeUnit.MILLISECONDS));
        return RaftClient.newBuilder().setProperties(props).setRaftGroup(group)
                .setClientRpc(new GrpcFactory(links).newRaftClientRpc(ClientId.randomId(), props))
                .setRetryPolicy(RetryPolicies.noRetry());
    }
}
