package borgcell.master.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

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
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
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

    /**
     * A Raft server passing itself off as member r2, with a user's certificate of the cell and
     * no pre-vote, so that its term climbs with each election it starts: were its vote
     * requests heard, the members would step down to its higher term.
     */
    @Test
    void aStrangerCallingItselfAReplicaCannotDisturbTheGroupsElections(@TempDir Path dir) throws Exception {
        try (TestCluster cluster = new TestCluster(3, dir.resolve("cell"), TestCluster.fastSettings()).withTls().startAll()) {
            Replica leader = cluster.awaitLeader();
            long term = leader.raft().term();

            rogueElections(cluster, Identity.user("mallory"), dir.resolve("mallory"), term + 3);
            assertThat(leader.raft().isLeader()).as("the leader, after a stranger's elections").isTrue();
            assertThat(leader.raft().term()).as("the group's term").isEqualTo(term);

            // The same rogue holding r2's own certificate (its key stolen) is heard: what the check above guards.
            rogueElections(cluster, Identity.replica("r2"), dir.resolve("thief"), term + 3);
            assertThat(leader.raft().term()).as("the group's term, after r2's key was used").isGreaterThan(term);
        }
    }

    /**
     * Runs a Raft server passing itself off as member r2, with {@code who}'s certificate of the
     * cell and no pre-vote, so that its term climbs with each election it starts (were its vote
     * requests heard, the members would step down to its higher term), until past {@code term}.
     */
    private static void rogueElections(TestCluster cluster, Identity who, Path dir, long term) throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<RaftPeer> peers = new ArrayList<>();
        for (RaftPeer p : RaftReplica.group(cluster.peers()).getPeers()) {
            peers.add(p.getId().toString().equals("r2") ? RaftPeer.newBuilder().setId("r2")
                    .setAddress("127.0.0.1:" + port).build() : p);
        }
        RaftProperties props = new RaftProperties();
        RaftServerConfigKeys.setStorageDir(props, List.of(dir.toFile()));
        GrpcConfigKeys.Server.setPort(props, port);
        RaftServerConfigKeys.LeaderElection.setPreVote(props, false);
        RaftServerConfigKeys.Rpc.setTimeoutMin(props, TimeDuration.valueOf(150, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setTimeoutMax(props, TimeDuration.valueOf(300, TimeUnit.MILLISECONDS));
        MutualTls tls = MutualTls.of(cluster.ca().issue(who, List.of("127.0.0.1")), Duration.ofSeconds(30));
        GrpcTlsConfig conf = new GrpcTlsConfig(tls.keyManager(), tls.peersOf(Role.REPLICA), true);
        Parameters links = new Parameters();
        GrpcConfigKeys.Server.setTlsConf(links, conf);
        GrpcConfigKeys.Client.setTlsConf(links, conf);
        GrpcConfigKeys.Admin.setTlsConf(links, conf);
        try (RaftServer rogue = RaftServer.newBuilder().setServerId(RaftPeerId.valueOf("r2"))
                .setGroup(RaftGroup.valueOf(RaftReplica.GROUP_ID, peers)).setStateMachine(new BaseStateMachine())
                .setProperties(props).setParameters(links).setOption(RaftStorage.StartupOption.FORMAT).build()) {
            rogue.start();
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    rogue.getDivision(RaftReplica.GROUP_ID).getInfo().getCurrentTerm() > term);
            Thread.sleep(1_000);
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
