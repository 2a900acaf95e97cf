package borgcell.master.raft;

import static borgcell.cell.Fixtures.spec;
import static borgcell.cell.Fixtures.submit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import borgcell.api.v1.raft.BatchResult;
import borgcell.api.v1.raft.Command;
import borgcell.api.v1.raft.CommandError;
import borgcell.api.v1.raft.CommandResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** How {@link GroupCommit} forms entries: alone when idle, together while entries are in flight. */
class GroupCommitTest {
    /** Every entry handed to Raft, with the answer the test completes when it likes. */
    private final List<Command> entries = new ArrayList<>();
    private final List<CompletableFuture<CommandResult>> answers = new ArrayList<>();

    private CompletableFuture<CommandResult> send(Command entry) {
        entries.add(entry);
        CompletableFuture<CommandResult> answer = new CompletableFuture<>();
        answers.add(answer);
        return answer;
    }

    private static CommandResult job(String name) {
        return CommandResult.newBuilder().setJob(borgcell.api.v1.Job.newBuilder().setSpec(spec(name, 1))).build();
    }

    @Test
    void aLoneWriterLeavesAtOnceAloneAndCommandsProposedMeanwhileShareTheNextEntryInOrder() throws Exception {
        GroupCommit group = new GroupCommit(this::send, 1, 100, 1 << 20, 1_000);
        CompletableFuture<CommandResult> first = group.propose(submit("a", spec("a", 1)));
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).hasSubmitJob()).as("alone: the command itself, not a batch of one").isTrue();

        CompletableFuture<CommandResult> second = group.propose(submit("b", spec("b", 1)));
        CompletableFuture<CommandResult> third = group.propose(submit("c", spec("c", 1)));
        assertThat(entries).as("waiting while the first entry is in flight").hasSize(1);

        answers.get(0).complete(job("a"));
        assertThat(first.get().getJob().getSpec().getName()).isEqualTo("a");
        assertThat(entries).hasSize(2);
        assertThat(entries.get(1).getBatch().getCommandsList()).extracting(c -> c.getSubmitJob().getRequestId())
                .containsExactly("b", "c");

        answers.get(1).complete(CommandResult.newBuilder().setBatch(BatchResult.newBuilder()
                .addResults(job("b")).addResults(CommandResult.newBuilder().setError(CommandError.newBuilder()
                        .setCode(CommandError.Code.ALREADY_EXISTS).setMessage("job \"c\" already exists")))).build());
        assertThat(second.get().getJob().getSpec().getName()).isEqualTo("b");
        assertThat(third.get().getError().getMessage()).isEqualTo("job \"c\" already exists");
    }

    @Test
    void upToMaxInFlightEntriesLeaveWithoutWaiting() {
        GroupCommit group = new GroupCommit(this::send, 2, 100, 1 << 20, 1_000);
        group.propose(submit("a", spec("a", 1)));
        group.propose(submit("b", spec("b", 1)));
        group.propose(submit("c", spec("c", 1)));
        assertThat(entries).hasSize(2);
        answers.get(1).complete(job("b")); // any entry's answer frees a place
        assertThat(entries).hasSize(3);
        assertThat(entries.get(2).getSubmitJob().getRequestId()).isEqualTo("c");
    }

    @Test
    void anEntryHoldsAtMostMaxCommandsAndAboutMaxBytes() {
        Command small = submit("s", spec("s", 1));
        GroupCommit byCount = new GroupCommit(this::send, 1, 3, 1 << 20, 1_000);
        for (int i = 0; i < 8; i++) {
            byCount.propose(small);
        }
        answers.get(0).complete(job("s"));
        assertThat(entries.get(1).getBatch().getCommandsCount()).isEqualTo(3);

        entries.clear();
        answers.clear();
        int size = small.getSerializedSize();
        GroupCommit byBytes = new GroupCommit(this::send, 1, 100, 2 * size, 1_000);
        for (int i = 0; i < 6; i++) {
            byBytes.propose(small);
        }
        answers.get(0).complete(job("s"));
        assertThat(entries.get(1).getBatch().getCommandsCount()).isEqualTo(2);
    }

    @Test
    void aFailedEntryFailsEachOfItsCommandsAndTheNextEntryStillLeaves() {
        GroupCommit group = new GroupCommit(this::send, 1, 100, 1 << 20, 1_000);
        group.propose(submit("a", spec("a", 1)));
        CompletableFuture<CommandResult> b = group.propose(submit("b", spec("b", 1)));
        CompletableFuture<CommandResult> c = group.propose(submit("c", spec("c", 1)));
        answers.get(0).complete(job("a"));
        CompletableFuture<CommandResult> d = group.propose(submit("d", spec("d", 1)));

        answers.get(1).completeExceptionally(new RaftUnavailableException("no leader"));
        for (CompletableFuture<CommandResult> f : List.of(b, c)) {
            assertThatThrownBy(f::get).isInstanceOf(ExecutionException.class).hasRootCauseMessage("no leader");
        }
        assertThat(entries).hasSize(3);
        assertThat(entries.get(2).getSubmitJob().getRequestId()).isEqualTo("d");
        assertThat(d).isNotDone();
    }

    @Test
    void beyondMaxWaitingAWriteIsRefusedAtOnceAsUnavailableAndTheWaitingOnesStillGo() throws Exception {
        GroupCommit group = new GroupCommit(this::send, 1, 100, 1 << 20, 2);
        group.propose(submit("a", spec("a", 1)));                              // in flight
        CompletableFuture<CommandResult> b = group.propose(submit("b", spec("b", 1)));
        group.propose(submit("c", spec("c", 1)));                              // two waiting
        CompletableFuture<CommandResult> refused = group.propose(submit("d", spec("d", 1)));

        assertThatThrownBy(refused::get).hasCauseInstanceOf(RaftUnavailableException.class)
                .hasMessageContaining("already has 2 writes waiting for the Raft log");
        answers.get(0).complete(job("a"));
        assertThat(entries.get(1).getBatch().getCommandsList()).extracting(c -> c.getSubmitJob().getRequestId())
                .containsExactly("b", "c");
        assertThat(b).isNotDone();
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> new GroupCommit(this::send, 0, 1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("in flight 0");
    }
}
