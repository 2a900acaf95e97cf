package borgcell.master.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import borgcell.master.Replica;
import borgcell.master.TestCluster;
import borgcell.trust.Identity;
import borgcell.trust.MutualTls;
import borgcell.trust.Role;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcFactory;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.util.TimeDuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Raft's links over mutual TLS with replica certificates alone: the group forms and its own
 * admin client reaches every member, while a stranger (plaintext, or a user's or a machine's
 * certificate of the same cell) can neither join the group nor write to its log.
 */
class RaftTlsTest {

    @Test
    void onlyReplicasSpeakRaftAndAStrangerNeitherJoinsNorWrites(@TempDir Path dir) throws Exception {
        try (TestCluster cluster = new TestCluster(3, dir.resolve("cell"), TestCluster.fastSettings()).withTls().startAll()) {
            Replica leader = cluster.awaitLeader();
            assertThat(leader.raft().memberRoles()).as("the replicas' own admin client, over TLS").hasSize(3)
                    .doesNotContainValue("UNREACHABLE");
            long committed = leader.raft().commitIndex();
            List<Optional<Identity>> strangers = List.of(Optional.empty(), Optional.of(Identity.user("mallory")),
                    Optional.of(Identity.machine("m1")), Optional.of(Identity.admin("ops")));

            for (Optional<Identity> stranger : strangers) {
                try (RaftClient rogue = rogueClient(cluster, stranger)) {
                    List<RaftPeer> withRogue = new ArrayList<>(RaftReplica.group(cluster.peers()).getPeers());
                    withRogue.add(RaftPeer.newBuilder().setId("rogue").setAddress("127.0.0.1:1").build());
                    assertThatThrownBy(() -> rogue.admin().setConfiguration(withRogue)).as("%s joins", stranger)
                            .isInstanceOf(IOException.class);
                    assertThatThrownBy(() -> rogue.io().send(Message.valueOf("forged entry"))).as("%s writes", stranger)
                            .isInstanceOf(IOException.class);
                }
            }

            assertThat(leader.raft().commitIndex()).as("nothing reached the log").isEqualTo(committed);
            assertThat(leader.raft().memberRoles()).as("the group is as it was").containsOnlyKeys("r1", "r2", "r3");
        }
    }

    /** A Ratis client of the cell's group: plaintext, or presenting {@code who}'s certificate of the cell. */
    private static RaftClient rogueClient(TestCluster cluster, Optional<Identity> who) {
        Parameters links = new Parameters();
        who.ifPresent(identity -> {
            MutualTls tls = MutualTls.of(cluster.ca().issue(identity, List.of()), Duration.ofSeconds(30));
            GrpcTlsConfig conf = new GrpcTlsConfig(tls.keyManager(), tls.peersOf(Role.REPLICA), true);
            GrpcConfigKeys.Client.setTlsConf(links, conf);
            GrpcConfigKeys.Admin.setTlsConf(links, conf);
        });
        RaftProperties props = new RaftProperties();
        RaftClientConfigKeys.Rpc.setRequestTimeout(props, TimeDuration.valueOf(2, TimeUnit.SECONDS));
        return RaftClient.newBuilder().setProperties(props).setRaftGroup(RaftReplica.group(cluster.peers()))
                .setClientRpc(new GrpcFactory(links).newRaftClientRpc(ClientId.randomId(), props))
                .setRetryPolicy(RetryPolicies.noRetry()).build();
    }
}
