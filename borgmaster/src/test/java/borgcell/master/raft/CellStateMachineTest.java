package borgcell.master.raft;

import static borgcell.cell.Fixtures.spec;
import static borgcell.cell.Fixtures.submit;
import static org.assertj.core.api.Assertions.assertThat;

import borgcell.api.v1.Job;
import borgcell.api.v1.raft.CommandError;
import borgcell.api.v1.raft.CommandResult;
import java.util.List;
import java.util.Optional;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.StateMachineLogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

/** What the state machine answers Ratis for each committed entry, as a follower applies it. */
class CellStateMachineTest {
    private final CellStateMachine machine = new CellStateMachine();

    private Message apply(long index, byte[] data) throws Exception {
        LogEntryProto entry = LogEntryProto.newBuilder().setTerm(1).setIndex(index)
                .setStateMachineLogEntry(StateMachineLogEntryProto.newBuilder().setLogData(ByteString.copyFrom(data)))
                .build();
        return machine.applyTransaction(TransactionContext.newBuilder().setStateMachine(machine)
                .setServerRole(RaftPeerRole.FOLLOWER).setLogEntry(entry).build()).get();
    }

    @Test
    void anAppliedCommandIsAnsweredWithTheCellsResultEncodedOnceWhenRead() throws Exception {
        Message answer = apply(1, submit("r-1", spec("web", 2)).toByteArray());

        CommandResult result = CommandResult.parseFrom(answer.getContent().toByteArray());
        assertThat(result.getJob().getSpec().getName()).isEqualTo("web");
        assertThat(result.getJob().getTasksCount()).isEqualTo(2);
        assertThat(answer.getContent()).as("read twice, encoded once").isSameAs(answer.getContent());
        assertThat(answer.size()).isEqualTo(result.getSerializedSize());
        assertThat(machine.<Optional<Job>>read(c -> c.job("web"))).isPresent();
        assertThat(machine.getLastAppliedTermIndex().getIndex()).isEqualTo(1);
    }

    @Test
    void anUndecodableEntryIsAnsweredInvalidAndChangesNothingButTheAppliedIndex() throws Exception {
        apply(1, submit("r-1", spec("web", 1)).toByteArray());

        Message answer = apply(2, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});

        CommandResult result = CommandResult.parseFrom(answer.getContent().toByteArray());
        assertThat(result.getError().getCode()).isEqualTo(CommandError.Code.INVALID_ARGUMENT);
        assertThat(result.getError().getMessage()).startsWith("undecodable command");
        assertThat(machine.<List<Job>>read(c -> c.jobs())).hasSize(1);
        assertThat(machine.getLastAppliedTermIndex().getIndex()).isEqualTo(2);
    }

    @Test
    void readersReadSideBySideWhileAnApplyWaitsForThem() throws Exception {
        apply(1, submit("r-1", spec("web", 1)).toByteArray());
        java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread slowReader = Thread.ofPlatform().start(() -> machine.read(c -> {
            inside.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        inside.await();

        // A second reader is not held up by the first (one exclusive lock made it wait).
        Optional<Job> web = java.util.concurrent.CompletableFuture.supplyAsync(() -> machine.read(c -> c.job("web")))
                .get(5, java.util.concurrent.TimeUnit.SECONDS);
        // An apply is: it waits until the reader is done, so no reader sees half a command.
        var applying = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return apply(2, submit("r-2", spec("db", 1)).toByteArray());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        boolean appliedWhileRead = applying.isDone();
        release.countDown();
        slowReader.join();
        applying.get(5, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(web).isPresent();
        assertThat(appliedWhileRead).isFalse();
        Optional<Job> db = machine.read(c -> c.job("db"));
        assertThat(db).isPresent();
    }
}
