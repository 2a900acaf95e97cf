package borgcell.cell;

import static borgcell.cell.Fixtures.GI;
import static borgcell.cell.Fixtures.MI;
import static org.assertj.core.api.Assertions.assertThat;

import borgcell.api.v1.Job;
import borgcell.api.v1.JobPlan;
import borgcell.api.v1.JobSpec;
import borgcell.api.v1.PendingTask;
import borgcell.api.v1.PlannedEviction;
import borgcell.api.v1.PlannedPlacement;
import borgcell.api.v1.Quota;
import borgcell.api.v1.Resources;
import borgcell.api.v1.Task;
import borgcell.api.v1.TaskState;
import borgcell.api.v1.raft.Command;
import borgcell.api.v1.raft.CommandResult;
import borgcell.api.v1.raft.RegisterMachineCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A plan against a cell and the leader's pass state, then the real command and the leader's
 * ticks against the same: the same placements and evictions, and the plan changes nothing.
 */
class JobPlannerTest {
    private static final Commands COMMANDS = Fixtures.at(7000);
    private final Cell cell = new Cell();
    /** The leader's pass, ticking as LeaderDuties does. */
    private final SchedulingPass leader = new SchedulingPass();
    private long index;

    private CommandResult apply(Command c) {
        return cell.apply(++index, c);
    }

    /** One tick of the leader, its command applied as the log would. */
    private SchedulingPass.Tick tick() {
        SchedulingPass.Tick t = leader.tick(index, CellReads.of(cell));
        if (t.placed()) {
            apply(COMMANDS.assignTasks(t.command()));
        }
        return t;
    }

    private void settle() {
        for (int i = 0; i < 20 && tick().placed(); i++) {
            // each placing tick changes the cell; the next one reads it again
        }
    }

    private void machine(String id, long cpuMillis, long ram, String rack) {
        apply(COMMANDS.registerMachine(RegisterMachineCommand.newBuilder().setMachineId(id).setAddress("127.0.0.1")
                .setCapacity(Resources.newBuilder().setCpuMillis(cpuMillis).setRamBytes(ram).setDiskBytes(100 * GI).setPorts(100))
                .setPortRangeFirst(31000).setPortRangeLast(31099).putAttributes("rack", rack).addRuntimes("process").build()));
    }

    private static JobSpec job(String name, int tasks, int priority, long cpuMillis, long ram) {
        JobSpec base = Fixtures.spec(name, tasks);
        return base.toBuilder().setPriority(priority).setTask(base.getTask().toBuilder()
                .setResources(Resources.newBuilder().setCpuMillis(cpuMillis).setRamBytes(ram).setDiskBytes(MI))).build();
    }

    private JobPlan plan(JobSpec spec) {
        return plan(spec, "");
    }

    private JobPlan plan(JobSpec spec, String owner) {
        return JobPlanner.plan(new JobPlanner.Basis(cell.toSnapshot(1, index), leader.copy()), spec, owner, COMMANDS);
    }

    private Map<Integer, String> placedNow(String job) {
        return Placements.placed(cell.job(job).orElseThrow());
    }

    private static Map<Integer, String> placements(JobPlan plan) {
        return Placements.planned(plan);
    }

    private byte[] state() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SnapshotEncoding.writeCanonical(cell.toSnapshot(1, index), out);
        return out.toByteArray();
    }

    /** A cell of 120 machines of four sizes, wider than the scaled search's 32 candidates, with work running and parked. */
    private void busyCell() {
        for (int i = 0; i < 120; i++) {
            long cpu = 2000L * (1 + i % 4);
            machine(String.format("m%03d", i), cpu, cpu / 1000 * 2 * GI, "r" + i % 6);
        }
        apply(COMMANDS.submitJob("", job("batch", 300, 100, 700, 512 * MI)));
        apply(COMMANDS.submitJob("", job("best-effort", 80, 50, 1500, GI)));
        apply(COMMANDS.submitJob("", job("too-big", 5, 150, 64_000, GI))); // fits nowhere: parked
        settle();
        // Some finish and free room here and there; the leader sees it on its next ticks.
        for (int i = 0; i < 300; i += 7) {
            Task t = cell.task("batch", i).orElseThrow();
            apply(COMMANDS.taskStatus(t.getMachineId(), List.of(borgcell.api.v1.TaskReport.newBuilder().setJob("batch")
                    .setIndex(i).setAttempt(t.getAttempt()).setState(TaskState.SUCCEEDED).build())));
            tick();
        }
        settle();
    }

    @Test
    void planThenApplyOnAnUnchangedCellPlacesTheSameWay() throws IOException {
        busyCell();
        assertThat(cell.job("too-big").orElseThrow().getTasksList()).allMatch(t -> t.getState() == TaskState.PENDING);
        JobSpec web = job("web", 60, 100, 900, 700 * MI);
        byte[] before = state();

        JobPlan plan = plan(web);

        assertThat(state()).as("the plan changed nothing").isEqualTo(before);
        assertThat(plan.getCreates()).isTrue();
        assertThat(plan.getRefusedList()).isEmpty();
        assertThat(plan.getPlacementsCount()).isPositive();

        apply(COMMANDS.submitJob("req", web));
        tick();
        assertThat(placedNow("web")).isEqualTo(placements(plan));
        assertThat(plan.getPendingList()).extracting(PendingTask::getIndex)
                .containsExactlyInAnyOrderElementsOf(cell.job("web").orElseThrow().getTasksList().stream()
                        .filter(t -> t.getState() == TaskState.PENDING).map(Task::getIndex).toList());
    }

    @Test
    void onlyTheLeadersOwnPassStatePredictsItsPass() {
        busyCell();
        JobSpec web = job("web", 60, 100, 900, 700 * MI);

        // What a follower could plan with: the same cell, but no parked tasks and another seed.
        JobPlan withoutTheLeader = JobPlanner.plan(new JobPlanner.Basis(cell.toSnapshot(1, index), new SchedulingPass()),
                web, "", COMMANDS);

        assertThat(placements(withoutTheLeader)).as("so plans are made on the leader").isNotEqualTo(placements(plan(web)));
    }

    @Test
    void aPlanThatPreemptsNamesItsVictimsAndTheRealPassEvictsThose() {
        for (int i = 1; i <= 4; i++) {
            machine("m" + i, 4000, 8 * GI, "r" + i);
        }
        apply(COMMANDS.submitJob("", job("filler", 16, 50, 1000, 2 * GI))); // best effort fills every machine
        apply(COMMANDS.submitJob("", job("waiting", 2, 100, 1000, GI)));    // batch, no room: parked
        settle();
        JobSpec prod = job("prod", 3, 200, 2000, 2 * GI);

        JobPlan plan = plan(prod);

        assertThat(plan.getEvictionsList()).isNotEmpty().allSatisfy(e -> {
            assertThat(e.getJob()).isEqualTo("filler");
            assertThat(e.getReason()).startsWith("preempted by prod/");
        });
        apply(COMMANDS.submitJob("req", prod));
        tick();
        assertThat(placedNow("prod")).isEqualTo(placements(plan)).hasSize(3);
        assertThat(Placements.preempted(cell.job("filler").orElseThrow()))
                .containsExactlyInAnyOrderElementsOf(Placements.evictions(plan));
        assertThat(plan.getEvictionsList()).extracting(PlannedEviction::getMachineId)
                .allMatch(m -> placements(plan).containsValue(m));
    }

    @Test
    void aLeaderThatHasNotCaughtUpIsPlannedFromWhereItsNextTicksLeaveTheCell() {
        for (int i = 1; i <= 3; i++) {
            machine("m" + i, 2000, 4 * GI, "r" + i);
        }
        apply(COMMANDS.submitJob("", job("early", 9, 100, 1000, GI))); // six fit, three parked
        settle();
        machine("m4", 2000, 4 * GI, "r4"); // room for two of them: the leader has not ticked since
        JobSpec late = job("late", 2, 100, 1000, GI);

        JobPlan plan = plan(late);

        tick(); // the leader catches up before the submit arrives
        apply(COMMANDS.submitJob("req", late));
        settle();
        assertThat(placedNow("late")).isEqualTo(placements(plan));
        assertThat(plan.getPendingList()).extracting(PendingTask::getReason)
                .allMatch(r -> r.startsWith("0/4 machines fit: 4 insufficient cpu"));
    }

    @Test
    void whatWouldStayPendingSaysWhy() {
        machine("m1", 2000, 2 * GI, "r1");
        JobPlan plan = plan(job("wide", 3, 100, 1000, GI));

        assertThat(placements(plan)).containsExactly(Map.entry(0, "m1"), Map.entry(1, "m1"));
        assertThat(plan.getPendingList()).singleElement().satisfies(p -> {
            assertThat(p.getIndex()).isEqualTo(2);
            assertThat(p.getReason()).isEqualTo("0/1 machines fit: 1 insufficient cpu");
        });
    }

    @Test
    void aRunningJobsChangeIsPlannedAsTheUpdateItWouldBeAndApplyingItPlacesTheSameWay() throws IOException {
        machine("m1", 4000, 8 * GI, "r1");
        machine("m2", 4000, 8 * GI, "r2");
        JobSpec v1 = Fixtures.spec("web", 2);
        apply(COMMANDS.submitJob("", v1));
        settle();
        JobSpec v2 = v1.toBuilder().setTaskCount(3).setTask(v1.getTask().toBuilder().clearArgv().addArgv("sleep").addArgv("20")).build();
        byte[] before = state();

        JobPlan plan = plan(v2);

        assertThat(state()).as("the plan changed nothing").isEqualTo(before);
        assertThat(plan.getCreates()).isFalse();
        assertThat(plan.getCurrentVersion()).isEqualTo(1);
        assertThat(plan.getDiffList()).containsExactly("task_count: 2 -> 3", "task.argv: [/bin/true] -> [sleep, 20]");
        assertThat(plan.getRestartedList()).containsExactly(0, 1);
        assertThat(plan.getRefusedList()).isEmpty();
        // The new task, and the one old task max_unavailable 1 lets go first (placed tasks are not ready yet).
        assertThat(plan.getPlacementsList()).extracting(PlannedPlacement::getIndex).contains(2);

        apply(COMMANDS.updateJob("", "", v2, true, "", ""));
        tick();
        assertThat(placedNow("web")).isEqualTo(placements(plan));
    }

    @Test
    void whatTheCellWouldRefuseIsRefusedInItsOwnWords() {
        machine("m1", 4000, 8 * GI, "r1");
        apply(COMMANDS.setQuota(Quota.newBuilder().setUser("alice").setBand("batch").setCpuMillis(1000).setRamBytes(GI).build()));

        JobPlan overQuota = plan(job("greedy", 3, 100, 500, 256 * MI));
        assertThat(overQuota.getRefusedList()).singleElement().asString().contains("quota");

        JobSpec invalid = Fixtures.spec("bad", 1).toBuilder().setTaskCount(1_000_000_000).build();
        assertThat(plan(invalid).getRefusedList()).containsExactly("spec.task_count: must be between 1 and 100000 (got 1000000000)");

        apply(COMMANDS.submitJob("", Fixtures.spec("finished", 1)));
        apply(COMMANDS.killJob("finished"));
        JobSpec bobs = Fixtures.spec("finished", 1).toBuilder().setUser("bob").build();
        assertThat(plan(bobs, "bob").getRefusedList()).containsExactly(
                "job finished belongs to another user; reusing its name needs admin");
        assertThat(plan(Fixtures.spec("finished", 1), "alice").getRefusedList()).as("its owner may reuse it").isEmpty();
        assertThat(cell.job("finished").map(Job::getState)).contains(borgcell.api.v1.JobState.JOB_KILLED);
    }
}
