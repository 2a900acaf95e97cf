package borgcell.cell;

import static borgcell.cell.Fixtures.kill;
import static borgcell.cell.Fixtures.spec;
import static borgcell.cell.Fixtures.submit;
import static org.assertj.core.api.Assertions.assertThat;

import borgcell.api.v1.JobState;
import borgcell.api.v1.raft.Command;
import borgcell.api.v1.raft.CommandError;
import borgcell.api.v1.raft.CommandResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A group-committed entry: several commands applied in order at one index, one answer each. */
class CellBatchTest {

    @Test
    void aBatchAnswersEachCommandInOrderAsIfEachWereAppliedAloneAtTheEntrysIndex() throws IOException {
        List<Command> commands = List.of(
                submit("r1", spec("web", 2)),
                submit("r1", spec("web", 2)),                  // a retry of the first: a duplicate
                submit("r2", spec("Bad Name!", 1)),            // refused: the rest still apply
                submit("r3", spec("batch", 1)),
                kill("web"));                                  // sees the submit before it

        Cell batched = new Cell();
        CommandResult result = batched.apply(7, Commands.batch(commands));

        assertThat(result.hasBatch()).isTrue();
        List<CommandResult> answers = result.getBatch().getResultsList();
        assertThat(answers).hasSize(5);
        assertThat(answers.get(0).getJob().getSpec().getName()).isEqualTo("web");
        assertThat(answers.get(1).getDuplicate()).isTrue();
        assertThat(answers.get(2).getError().getCode()).isEqualTo(CommandError.Code.INVALID_ARGUMENT);
        assertThat(answers.get(2).getError().getMessage()).contains("name");
        assertThat(answers.get(3).getJob().getSpec().getName()).isEqualTo("batch");
        assertThat(answers.get(4).getJob().getState()).isEqualTo(JobState.JOB_KILLED);

        Cell oneByOne = new Cell();
        commands.forEach(c -> oneByOne.apply(7, c));
        assertThat(bytes(batched)).as("the same state as the commands applied one by one at index 7")
                .isEqualTo(bytes(oneByOne));
    }

    @Test
    void aBatchInsideABatchIsRefusedAndTheOthersStillApply() {
        Cell cell = new Cell();
        CommandResult result = cell.apply(3, Commands.batch(List.of(
                Commands.batch(List.of(submit("r9", spec("nested", 1)))),
                submit("r1", spec("flat", 1)))));

        assertThat(result.getBatch().getResults(0).getError().getMessage()).isEqualTo("command: a batch inside a batch");
        assertThat(result.getBatch().getResults(1).getJob().getSpec().getName()).isEqualTo("flat");
        assertThat(CellQueries.answer(cell, borgcell.api.v1.raft.Query.newBuilder().setListJobs(true).build())
                .getJobs().getJobsList()).extracting(j -> j.getSpec().getName()).containsExactly("flat");
    }

    @Test
    void anEmptyBatchChangesNothing() throws IOException {
        Cell cell = new Cell();
        assertThat(cell.apply(1, Commands.batch(List.of())).getBatch().getResultsCount()).isZero();
        assertThat(bytes(cell)).isEqualTo(bytes(new Cell()));
    }

    private static byte[] bytes(Cell cell) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SnapshotEncoding.writeCanonical(cell.toSnapshot(1, 1), out);
        return out.toByteArray();
    }
}
