package borgcell.borglet;

import static org.assertj.core.api.Assertions.assertThat;

import borgcell.api.v1.NotLeader;
import com.google.protobuf.Any;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.junit.jupiter.api.Test;

class MasterLinkTest {

    @Test
    void readsTheLeaderAFollowerNamesInItsNotLeaderDetail() {
        assertThat(MasterLink.leaderHint(refusal(Status.Code.FAILED_PRECONDITION, "10.0.0.7:7070"))).isEqualTo("10.0.0.7:7070");
        assertThat(MasterLink.leaderHint(refusal(Status.Code.FAILED_PRECONDITION, "[::1]:7070"))).isEqualTo("[::1]:7070");
    }

    @Test
    void aRefusalThatNamesNoLeaderGivesNoHint() {
        assertThat(MasterLink.leaderHint(refusal(Status.Code.FAILED_PRECONDITION, ""))).isNull();
        assertThat(MasterLink.leaderHint(refusal(Status.Code.UNAVAILABLE, "a:1"))).as("only a follower's refusal").isNull();
        // Prose is for people: a description that happens to name an address is not a hint.
        assertThat(MasterLink.leaderHint(Status.FAILED_PRECONDITION.withDescription("not the leader; leader is a:1")
                .asRuntimeException())).isNull();
        assertThat(MasterLink.leaderHint(StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(Status.Code.FAILED_PRECONDITION.value()).addDetails(Any.pack(com.google.rpc.Status.getDefaultInstance()))
                .build()))).as("a detail of another kind").isNull();
    }

    private static StatusRuntimeException refusal(Status.Code code, String leader) {
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder().setCode(code.value())
                .setMessage("not the leader").addDetails(Any.pack(NotLeader.newBuilder().setLeaderAddress(leader).build()))
                .build());
    }
}
