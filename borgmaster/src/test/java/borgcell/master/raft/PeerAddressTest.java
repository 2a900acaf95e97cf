package borgcell.master.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PeerAddressTest {

    @Test
    void peerStringRoundTrips() {
        PeerAddress peer = PeerAddress.parse("r1@127.0.0.1:7111:7101:7121");

        assertThat(peer).isEqualTo(new PeerAddress("r1", "127.0.0.1", 7111, 7101, 7121));
        assertThat(peer.toString()).isEqualTo("r1@127.0.0.1:7111:7101:7121");
        assertThat(peer.grpcAddress()).isEqualTo("127.0.0.1:7101");
        assertThat(peer.raftAddress()).isEqualTo("127.0.0.1:7111");
        assertThat(peer.httpUrl(false)).isEqualTo("http://127.0.0.1:7121");
        assertThat(peer.httpUrl(true)).isEqualTo("https://127.0.0.1:7121");
    }

    @Test
    void peerListParsesEveryReplica() {
        List<PeerAddress> peers = PeerAddress.parseList("r1@127.0.0.1:1:2:3, r2@localhost:4:5:6,r3@10.0.0.3:7:8:9");

        assertThat(peers).extracting(PeerAddress::id).containsExactly("r1", "r2", "r3");
        assertThat(peers.get(1).host()).isEqualTo("localhost");
        assertThat(PeerAddress.format(peers)).isEqualTo("r1@127.0.0.1:1:2:3,r2@localhost:4:5:6,r3@10.0.0.3:7:8:9");
    }

    @Test
    void badPeerListsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> PeerAddress.parseList("r1@127.0.0.1:1:2")).hasMessageContaining("is not ID@HOST:RAFT_PORT:GRPC_PORT:HTTP_PORT");
        assertThatThrownBy(() -> PeerAddress.parseList("127.0.0.1:1:2:3")).hasMessageContaining("is not ID@HOST");
        assertThatThrownBy(() -> PeerAddress.parseList("r1@h:1:2:x")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> PeerAddress.parseList("r1@h:1:2:70000")).hasMessageContaining("not between 1 and 65535");
        assertThatThrownBy(() -> PeerAddress.parseList("r1@h:1:2:3,r1@h:4:5:6")).hasMessageContaining("r1 appears twice");
        assertThatThrownBy(() -> PeerAddress.parseList("r1@h:1:2:3,r2@h:3:5:6")).hasMessageContaining("h:3 is used twice");
        assertThatThrownBy(() -> PeerAddress.parseList(" , ")).hasMessageContaining("no peers");
    }
}
