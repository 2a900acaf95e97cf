package borgcell.cell;

import static borgcell.cell.Fixtures.GI;
import static borgcell.cell.Fixtures.assign;
import static borgcell.cell.Fixtures.kill;
import static borgcell.cell.Fixtures.register;
import static borgcell.cell.Fixtures.spec;
import static borgcell.cell.Fixtures.submit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import borgcell.api.v1.raft.Command;
import borgcell.scheduler.PassResult;
import borgcell.scheduler.Pipeline;
import borgcell.scheduler.PriorityBand;
import borgcell.scheduler.Scheduler;
import borgcell.scheduler.SchedulerSettings;
import borgcell.scheduler.ScoringPolicy;
import borgcell.scheduler.TaskRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParkedTasksTest {
    private final Cell cell = new Cell();
    private final ParkedTasks parked = new ParkedTasks(10);
    private long index = 0;

    private void apply(Command c) {
        cell.apply(++index, c);
    }

    /** One leader pass as LeaderDuties runs it, without applying its placements; returns what it weighed. */
    private List<String> pass() {
        SchedulerInput input = SchedulerInput.from(cell, parked);
        PassResult result = new Scheduler(Pipeline.standard(ScoringPolicy.BEST_FIT),
                SchedulerSettings.scaled(index).withPreemption(true))
                .schedule(input.machines(), input.running(), input.pending());
        parked.afterPass(input.pending(), result);
        return input.pending().stream().map(t -> t.job() + "/" + t.index()).toList();
    }

    @Test
    void aTaskNoMachineCouldTakeIsLeftOutOfLaterPassesButStillCountsAsPending() {
        apply(register("m1", 400, 4 * GI)); // too small for a 500-millicore task
        apply(submit("r1", spec("big", 1)));

        assertThat(pass()).containsExactly("big/0");
        assertThat(parked.size()).isEqualTo(1);
        apply(submit("r2", spec("web", 1)));

        assertThat(pass()).as("only the new task is weighed").containsExactly("web/0");
        SchedulerInput input = SchedulerInput.from(cell, parked);
        assertThat(input.pending()).isEmpty();
        assertThat(input.pendingByBand()).isEqualTo(Map.of(PriorityBand.of(100), 2));
        assertThat(SchedulerInput.from(cell).pending()).as("a dry run weighs every task").hasSize(2);
    }

    @Test
    void aMachineWithLessAllocatedUnparksEveryTask() {
        apply(register("m1", 600, 4 * GI));
        apply(submit("r1", spec("first", 1)));
        apply(assign("first", 0, cell.task("first", 0).orElseThrow().getVersion(), "m1",
                cell.machine("m1").orElseThrow().getVersion()));
        apply(submit("r2", spec("second", 1))); // 500 of 600 taken: no room

        assertThat(pass()).containsExactly("second/0");
        assertThat(pass()).isEmpty();

        apply(kill("first")); // m1's allocation falls back to nothing
        assertThat(pass()).containsExactly("second/0");
    }

    @Test
    void aNewMachineUnparksEveryTaskEvenOneTooSmallForThem() {
        apply(register("m1", 400, 4 * GI));
        apply(submit("r1", spec("big", 1)));
        assertThat(pass()).containsExactly("big/0");
        assertThat(pass()).isEmpty();

        apply(register("m2", 100, GI)); // too small too, but nobody can tell before a pass
        assertThat(pass()).containsExactly("big/0");
        assertThat(pass()).isEmpty();
    }

    @Test
    void aMachineThatOnlyGainedAllocationUnparksNothing() {
        apply(register("m1", 1000, 4 * GI));
        apply(submit("r1", spec("wide", 1)));
        apply(submit("r2", spec("wider", 1)));
        apply(submit("r3", spec("huge", 1).toBuilder().setTask(spec("huge", 1).getTask().toBuilder()
                .setResources(spec("huge", 1).getTask().getResources().toBuilder().setCpuMillis(5000))).build()));
        assertThat(pass()).containsExactlyInAnyOrder("wide/0", "wider/0", "huge/0");
        apply(assign("wide", 0, cell.task("wide", 0).orElseThrow().getVersion(), "m1",
                cell.machine("m1").orElseThrow().getVersion()));

        assertThat(pass()).as("wider was placeable (not parked); huge stays parked").containsExactly("wider/0");
    }

    @Test
    void everyTaskIsWeighedAgainAfterTheFullPassInterval() {
        apply(register("m1", 400, 4 * GI));
        apply(submit("r1", spec("big", 1)));
        assertThat(pass()).containsExactly("big/0");
        for (int i = 1; i <= 9; i++) { // passes 2 to 10, each weighing only the task submitted since
            apply(submit("r-" + i, spec("new-" + i, 1)));
            assertThat(pass()).containsExactly("new-" + i + "/0");
        }
        assertThat(pass()).as("ten passes after the first full one, all are weighed again").hasSize(10).contains("big/0");
        assertThat(pass()).isEmpty();
    }

    @Test
    void aTaskWhoseVersionMovedIsNotTheParkedOne() {
        apply(register("m1", 400, 4 * GI));
        apply(submit("r1", spec("big", 1)));
        pass();
        TaskRequest before = SchedulerInput.from(cell).pending().getFirst();
        assertThat(parked.isParked("big", 0, before.version())).isTrue();
        assertThat(parked.isParked("big", 0, before.version() + 1)).isFalse();
    }

    @Test
    void aFullPassIntervalBelowOneIsRefused() {
        assertThatThrownBy(() -> new ParkedTasks(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fullPassEvery must be at least 1 (got 0)");
    }
}
