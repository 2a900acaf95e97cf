package borgcell.cell;

import static borgcell.cell.Fixtures.GI;
import static borgcell.cell.Fixtures.kill;
import static borgcell.cell.Fixtures.register;
import static borgcell.cell.Fixtures.report;
import static borgcell.cell.Fixtures.spec;
import static borgcell.cell.Fixtures.submit;
import static org.assertj.core.api.Assertions.assertThat;

import borgcell.api.v1.JobState;
import borgcell.api.v1.TaskState;
import borgcell.api.v1.raft.AssignTasksCommand;
import borgcell.api.v1.raft.Assignment;
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
    void placementsAndReportsOfOneJobInOneEntryEndAsIfAppliedOneByOne() throws IOException {
        // Jobs edited task by task are rebuilt once per entry (JobEdits): what the entry leaves
        // must not differ from its commands applied one at a time, whatever comes in between.
        List<Command> setUp = List.of(register("m1", 4000, 16 * GI), register("m2", 4000, 16 * GI),
                submit("r1", spec("web", 3)), submit("r2", spec("db", 1)));
        Cell batched = new Cell();
        Cell oneByOne = new Cell();
        for (int i = 0; i < setUp.size(); i++) {
            batched.apply(i + 1, setUp.get(i));
            oneByOne.apply(i + 1, setUp.get(i));
        }
        long m1 = batched.machine("m1").orElseThrow().getVersion();
        long m2 = batched.machine("m2").orElseThrow().getVersion();
        long web = batched.task("web", 0).orElseThrow().getVersion();
        var pass = AssignTasksCommand.newBuilder()
                .addAssignments(Assignment.newBuilder().setJob("web").setIndex(0).setTaskVersion(web).setMachineId("m1").setMachineVersion(m1))
                .addAssignments(Assignment.newBuilder().setJob("web").setIndex(1).setTaskVersion(web).setMachineId("m2").setMachineVersion(m2))
                .addAssignments(Assignment.newBuilder().setJob("web").setIndex(2).setTaskVersion(web).setMachineId("m1").setMachineVersion(m1));
        List<Command> entry = List.of(
                Fixtures.at(3000).assignTasks(pass.build()),
                report("m1", "web", 0, 1, TaskState.RUNNING, 0),
                report("m2", "web", 1, 1, TaskState.RUNNING, 0),
                report("m1", "web", 2, 1, TaskState.FAILED, 3),   // restarts in place: still its job's
                kill("db"),                                       // reads the cell: the edits are stored first
                report("m1", "web", 0, 1, TaskState.SUCCEEDED, 0),
                report("m2", "web", 1, 1, TaskState.SUCCEEDED, 0));

        CommandResult result = batched.apply(7, Commands.batch(entry));
        entry.forEach(c -> oneByOne.apply(7, c));

        assertThat(result.getBatch().getResultsList()).extracting(CommandResult::hasError).containsOnly(false);
        assertThat(batched.task("web", 0).orElseThrow().getState()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(batched.job("web").orElseThrow().getVersion()).isEqualTo(7);
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
