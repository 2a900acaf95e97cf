package borgcell.cell;

import static borgcell.cell.Fixtures.GI;
import static borgcell.cell.Fixtures.register;
import static borgcell.cell.Fixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;

import borgcell.api.v1.DisruptionBudget;
import borgcell.api.v1.Job;
import borgcell.api.v1.JobSpec;
import borgcell.api.v1.MachineState;
import borgcell.api.v1.Task;
import borgcell.api.v1.TaskReport;
import borgcell.api.v1.TaskState;
import borgcell.api.v1.raft.AssignTasksCommand;
import borgcell.api.v1.raft.Assignment;
import borgcell.api.v1.raft.Command;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A drain with a deadline takes tasks down only as fast as their jobs' disruption budgets allow, then the rest. */
class DrainBudgetTest {
    private final Cell cell = new Cell();
    private long index;
    private long now = 10_000;

    private void apply(Command c) {
        cell.apply(++index, c);
    }

    private Commands at() {
        return Fixtures.at(now);
    }

    private Job job() {
        return cell.job("web").orElseThrow();
    }

    private void place(int i, String machine) {
        Task t = job().getTasks(i);
        apply(at().assignTasks(AssignTasksCommand.newBuilder().addAssignments(Assignment.newBuilder().setJob("web")
                .setIndex(i).setTaskVersion(t.getVersion()).setMachineId(machine)
                .setMachineVersion(cell.machine(machine).orElseThrow().getVersion())).build()));
        Task placed = job().getTasks(i);
        apply(at().taskStatus(machine, List.of(TaskReport.newBuilder().setJob("web").setIndex(i)
                .setAttempt(placed.getAttempt()).setState(TaskState.RUNNING).setReady(true).build())));
    }

    private long onMachine(String machine) {
        return job().getTasksList().stream().filter(t -> t.getMachineId().equals(machine)).count();
    }

    @Test
    void aDrainRespectsTheBudgetUntilReplacementsAreReadyAndItsDeadlineThenTakesTheRest() {
        apply(register("m1", 16_000, 64 * GI));
        apply(register("m2", 16_000, 64 * GI));
        JobSpec budgeted = spec("web", 4).toBuilder().setDisruption(DisruptionBudget.newBuilder().setMaxDisrupted(1)).build();
        apply(at().submitJob("r", budgeted, "", ""));
        for (int i = 0; i < 3; i++) {
            place(i, "m1");
        }
        place(3, "m2");

        apply(at().drainMachine("m1", "", java.time.Duration.ofMinutes(1)));
        // One may go (four ready, one may be down): the other two wait.
        assertThat(onMachine("m1")).isEqualTo(2);
        int moved = job().getTasksList().stream().filter(t -> t.getState() == TaskState.PENDING).findFirst()
                .orElseThrow().getIndex();
        assertThat(job().getTasks(moved).getMessage()).contains("within the job's disruption budget");
        assertThat(cell.nextDeadline()).isEqualTo(now + 60_000);

        place(moved, "m2"); // its replacement is ready: the next may go
        assertThat(onMachine("m1")).isEqualTo(1);

        now += 60_000;
        apply(at().tick());
        assertThat(onMachine("m1")).isZero();
        assertThat(job().getTasksList()).filteredOn(t -> t.getMessage().contains("deadline passed")).hasSize(1);
        assertThat(cell.nextDeadline()).isZero();
        assertThat(cell.machine("m1").orElseThrow().getState()).isEqualTo(MachineState.DRAINING);
    }

    @Test
    void aDrainWithoutADeadlineEvictsEverythingAtOnceAsBefore() {
        apply(register("m1", 16_000, 64 * GI));
        JobSpec budgeted = spec("web", 2).toBuilder().setDisruption(DisruptionBudget.newBuilder().setMaxDisrupted(1)).build();
        apply(at().submitJob("r", budgeted, "", ""));
        place(0, "m1");
        place(1, "m1");

        apply(at().setMachineState("m1", MachineState.DRAINING, "maintenance"));

        assertThat(onMachine("m1")).isZero();
    }
}
