package borgcell.cell;

import static borgcell.cell.Fixtures.GI;
import static borgcell.cell.Fixtures.assign;
import static borgcell.cell.Fixtures.evict;
import static borgcell.cell.Fixtures.kill;
import static borgcell.cell.Fixtures.machineState;
import static borgcell.cell.Fixtures.quota;
import static borgcell.cell.Fixtures.register;
import static borgcell.cell.Fixtures.report;
import static borgcell.cell.Fixtures.spec;
import static borgcell.cell.Fixtures.submit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import borgcell.api.v1.JobSpec;
import borgcell.api.v1.Job;
import borgcell.api.v1.JobState;
import borgcell.api.v1.MachineState;
import borgcell.api.v1.Task;
import borgcell.api.v1.TaskAssignment;
import borgcell.api.v1.TaskReport;
import borgcell.api.v1.TaskState;
import borgcell.api.v1.raft.CellSnapshot;
import borgcell.api.v1.raft.Command;
import borgcell.api.v1.raft.CommandError;
import borgcell.api.v1.raft.CommandResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CellTest {
    private final Cell cell = new Cell();
    private long index = 0;

    private CommandResult apply(Command c) {
        return cell.apply(++index, c);
    }

    private Task task(String job, int i) {
        return cell.task(job, i).orElseThrow();
    }

    @Test
    void submittingAJobCreatesItsTasksPending() {
        CommandResult r = apply(submit("req-1", spec("web", 3)));

        assertThat(r.hasError()).isFalse();
        Job job = cell.job("web").orElseThrow();
        assertThat(job.getState()).isEqualTo(JobState.JOB_RUNNING);
        assertThat(job.getSubmittedMillis()).isEqualTo(1000);
        assertThat(job.getTasksList()).hasSize(3).allMatch(t -> t.getState() == TaskState.PENDING);
    }

    @Test
    void resubmittingWithTheSameRequestIdAnswersTheOriginalJob() {
        apply(submit("req-1", spec("web", 3)));
        CommandResult again = apply(submit("req-1", spec("web", 3)));

        assertThat(again.getDuplicate()).isTrue();
        assertThat(again.getJob().getVersion()).isEqualTo(1);
        assertThat(cell.jobs()).hasSize(1);
    }

    @Test
    void aRunningJobNameCannotBeTakenTwice() {
        apply(submit("req-1", spec("web", 1)));
        CommandResult r = apply(submit("req-2", spec("web", 5)));

        assertThat(r.getError().getCode()).isEqualTo(CommandError.Code.ALREADY_EXISTS);
        assertThat(r.getError().getMessage()).contains("\"web\"");
        assertThat(cell.job("web").orElseThrow().getTasksCount()).isEqualTo(1);
    }

    @Test
    void anInvalidSpecIsRefusedWithTheFieldNamedAndChangesNothing() {
        var bad = spec("web", 1).toBuilder();
        bad.getTaskBuilder().getResourcesBuilder().setRamBytes(-5);
        byte[] before = snapshotBytes();

        CommandResult r = apply(submit("req-1", bad.build()));

        assertThat(r.getError().getCode()).isEqualTo(CommandError.Code.INVALID_ARGUMENT);
        assertThat(r.getError().getMessage()).isEqualTo("spec.task.resources.ram_bytes: must be > 0 (got -5)");
        assertThat(snapshotBytes()).isEqualTo(before);
    }

    @Test
    void aMachineTellsWhereItServesLogsOverHttpOrHttpsAndNothingElse() {
        for (String url : new String[] {"http://127.0.0.1:9100", "https://10.0.0.7:9100"}) {
            Command c = register("m1", 1000, GI);
            c = c.toBuilder().setRegisterMachine(c.getRegisterMachine().toBuilder().setHttpAddress(url)).build();
            assertThat(apply(c).hasError()).as(url).isFalse();
            assertThat(cell.machine("m1").orElseThrow().getHttpAddress()).isEqualTo(url);
        }
        Command bad = register("m2", 1000, GI);
        bad = bad.toBuilder().setRegisterMachine(bad.getRegisterMachine().toBuilder().setHttpAddress("file:///etc/passwd"))
                .build();
        assertThat(apply(bad).getError().getMessage()).startsWith("http_address: must be http://HOST:PORT or https://");
        assertThat(cell.machine("m2")).isEmpty();
    }

    @Test
    void assigningPlacesATaskAndHoldsItsResources() {
        apply(register("m1", 1000, 4 * GI));
        apply(submit("r", spec("web", 2)));
        long machineVersion = cell.machine("m1").orElseThrow().getVersion();

        CommandResult r = apply(assign("web", 0, task("web", 0).getVersion(), "m1", machineVersion));

        assertThat(r.getAssigned().getApplied()).isEqualTo(1);
        assertThat(task("web", 0).getState()).isEqualTo(TaskState.ASSIGNED);
        assertThat(task("web", 0).getAttempt()).isEqualTo(1);
        assertThat(cell.machine("m1").orElseThrow().getAllocated().getCpuMillis()).isEqualTo(500);
        assertThat(cell.desiredFor("m1")).singleElement().satisfies(a -> {
            assertThat(a.getJob()).isEqualTo("web");
            assertThat(a.getAttempt()).isEqualTo(1);
            assertThat(a.getUser()).as("the Borglet runs a user's containers as that user's uid").isEqualTo("alice");
        });
    }

    @Test
    void aTaskNamingNoRuntimeIsKeptSoAndPlacedOnAnyMachine() {
        apply(register("m1", 1000, 4 * GI)); // offers process only
        JobSpec unnamed = spec("web", 1).toBuilder().setTask(spec("web", 1).getTask().toBuilder().clearRuntime()).build();
        apply(submit("r", unnamed));

        CommandResult r = apply(assign("web", 0, task("web", 0).getVersion(), "m1", cell.machine("m1").orElseThrow().getVersion()));

        assertThat(cell.job("web").orElseThrow().getSpec().getTask().getRuntime()).as("the machine's default, chosen there").isEmpty();
        assertThat(r.getAssigned().getApplied()).isEqualTo(1);
    }

    @Test
    void aStaleAssignmentIsSkipped() {
        apply(register("m1", 1000, 4 * GI));
        apply(submit("r", spec("web", 1)));
        long staleTaskVersion = task("web", 0).getVersion() - 1;

        CommandResult r = apply(assign("web", 0, staleTaskVersion, "m1", cell.machine("m1").orElseThrow().getVersion()));

        assertThat(r.getAssigned().getStale()).isEqualTo(1);
        assertThat(task("web", 0).getState()).isEqualTo(TaskState.PENDING);
    }

    @Test
    void anAssignmentThatNoLongerFitsIsSkipped() {
        apply(register("m1", 600, 4 * GI));
        apply(submit("r", spec("web", 2)));
        long mv = cell.machine("m1").orElseThrow().getVersion();
        apply(assign("web", 0, task("web", 0).getVersion(), "m1", mv));

        CommandResult r = apply(assign("web", 1, task("web", 1).getVersion(), "m1", mv));

        assertThat(r.getAssigned().getStale()).isEqualTo(1);
        assertThat(cell.machine("m1").orElseThrow().getAllocated().getCpuMillis()).isEqualTo(500);
    }

    @Test
    void reportsMoveATaskToRunningAndThenToItsEnd() {
        placeOne();

        apply(report("m1", "web", 0, 1, TaskState.RUNNING, 0));
        assertThat(task("web", 0).getState()).isEqualTo(TaskState.RUNNING);

        apply(report("m1", "web", 0, 1, TaskState.SUCCEEDED, 0));
        assertThat(task("web", 0).getState()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(cell.job("web").orElseThrow().getState()).isEqualTo(JobState.JOB_FINISHED);
        assertThat(cell.machine("m1").orElseThrow().getAllocated().getCpuMillis()).isZero();
        assertThat(cell.desiredFor("m1")).isEmpty();
    }

    @Test
    void aReportFromAnotherMachineOrAttemptIsIgnored() {
        placeOne();
        apply(register("m2", 1000, 4 * GI));

        CommandResult fromOther = apply(report("m2", "web", 0, 1, TaskState.FAILED, 1));
        CommandResult oldAttempt = apply(report("m1", "web", 0, 7, TaskState.FAILED, 1));

        assertThat(fromOther.getAppliedReports()).isZero();
        assertThat(oldAttempt.getAppliedReports()).isZero();
        assertThat(task("web", 0).getState()).isEqualTo(TaskState.ASSIGNED);
    }

    @Test
    void aReportFromAnUnknownMachineIsNotFound() {
        placeOne();
        CommandResult r = apply(report("ghost", "web", 0, 1, TaskState.RUNNING, 0));
        assertThat(r.getError().getCode()).isEqualTo(CommandError.Code.NOT_FOUND);
    }

    @Test
    void killingAJobKillsItsTasksAndFreesTheMachine() {
        placeOne();

        CommandResult r = apply(kill("web"));

        assertThat(r.getJob().getState()).isEqualTo(JobState.JOB_KILLED);
        assertThat(task("web", 0).getState()).isEqualTo(TaskState.KILLED);
        assertThat(cell.machine("m1").orElseThrow().getAllocated().getCpuMillis()).isZero();
        assertThat(cell.desiredFor("m1")).isEmpty();
    }

    @Test
    void aHeartbeatNamesTheReportsThatChangeSomethingAndTheTasksWantedThere() {
        placeOne();
        apply(register("m2", 1000, 4 * GI));

        HeartbeatView first = cell.heartbeat("m1", List.of(taskReport("web", 0, 1, TaskState.RUNNING)));
        apply(report("m1", "web", 0, 1, TaskState.RUNNING, 0));
        HeartbeatView again = cell.heartbeat("m1", List.of(taskReport("web", 0, 1, TaskState.RUNNING)));
        HeartbeatView stale = cell.heartbeat("m2", List.of());

        assertThat(first.machine().getId()).isEqualTo("m1");
        assertThat(first.changes()).extracting(TaskReport::getState).containsExactly(TaskState.RUNNING);
        assertThat(first.desired()).extracting(TaskAssignment::getJob, TaskAssignment::getIndex, TaskAssignment::getAttempt)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("web", 0, 1));
        assertThat(again.changes()).as("nothing new: no command to write").isEmpty();
        assertThat(stale.desired()).isEmpty();
    }

    @Test
    void onePassPlacesManyTasksOfAJobInOrderAndRefusesWhatNoLongerFits() {
        apply(register("m1", 1000, 4 * GI));
        apply(submit("r", spec("web", 3))); // 500m each: two fit on m1
        long m1 = cell.machine("m1").orElseThrow().getVersion();
        var pass = borgcell.api.v1.raft.AssignTasksCommand.newBuilder();
        for (int i = 0; i < 3; i++) {
            pass.addAssignments(borgcell.api.v1.raft.Assignment.newBuilder().setJob("web").setIndex(i)
                    .setTaskVersion(task("web", i).getVersion()).setMachineId("m1").setMachineVersion(m1));
        }
        pass.addAssignments(pass.getAssignments(0)); // the same task twice: its version has moved on

        CommandResult result = apply(Fixtures.at(3000).assignTasks(pass.build()));

        assertThat(result.getAssigned().getApplied()).isEqualTo(2);
        assertThat(result.getAssigned().getStale()).isEqualTo(2);
        assertThat(List.of(task("web", 0).getState(), task("web", 1).getState(), task("web", 2).getState()))
                .containsExactly(TaskState.ASSIGNED, TaskState.ASSIGNED, TaskState.PENDING);
        assertThat(task("web", 0).getVersion()).isEqualTo(index);
        assertThat(cell.job("web").orElseThrow().getVersion()).isEqualTo(index);
        assertThat(cell.desiredFor("m1")).hasSize(2);
        assertThat(cell.pendingCount()).isEqualTo(1);
    }

    @Test
    void aHeartbeatReadsTheDesiredSetOnlyWhenTheReaderWantsItsVersion() {
        placeOne();
        long version = cell.machine("m1").orElseThrow().getDesiredVersion();
        List<Long> asked = new java.util.ArrayList<>();

        HeartbeatView held = cell.heartbeat("m1", List.of(), v -> {
            asked.add(v);
            return false;
        });
        HeartbeatView wanted = cell.heartbeat("m1", List.of(), v -> true);

        assertThat(asked).containsExactly(version);
        assertThat(held.desiredRead()).isFalse();
        assertThat(held.desired()).isNull();
        assertThat(held.desiredVersion()).isEqualTo(version);
        assertThat(wanted.desiredRead()).isTrue();
        assertThat(wanted.desired()).extracting(TaskAssignment::getJob).containsExactly("web");
    }

    @Test
    void aHeartbeatFromAnUnknownMachineOrAboutATaskNeverGivenIsRefused() {
        placeOne();

        assertThatThrownBy(() -> cell.heartbeat("ghost", List.of())).isInstanceOf(CellError.class)
                .hasMessage("machine \"ghost\" is not registered; register first");
        assertThatThrownBy(() -> cell.heartbeat("m1", List.of(taskReport("web", 0, 2, TaskState.RUNNING))))
                .isInstanceOf(CellError.class).hasMessage("task web/0 attempt 2 was never given to machine \"m1\"");
        assertThatThrownBy(() -> cell.heartbeat("m1", List.of(taskReport("web", 0, 1, TaskState.PENDING))))
                .isInstanceOf(CellError.class).hasMessageStartingWith("tasks[0].state: must be RUNNING");
    }

    @Test
    void theTasksWantedOnAMachineFollowAssignmentsEndsEvictionsAndTheMachinesLoss() {
        apply(register("m1", 4000, 8 * GI));
        apply(submit("r", spec("b", 2)));
        apply(submit("s", spec("a", 1)));
        long mv = cell.machine("m1").orElseThrow().getVersion();
        apply(assign("b", 1, task("b", 1).getVersion(), "m1", mv));
        apply(assign("b", 0, task("b", 0).getVersion(), "m1", mv));
        apply(assign("a", 0, task("a", 0).getVersion(), "m1", mv));

        assertThat(cell.desiredFor("m1")).as("by job, then index").extracting(TaskAssignment::getJob, TaskAssignment::getIndex)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", 0), org.assertj.core.groups.Tuple.tuple("b", 0),
                        org.assertj.core.groups.Tuple.tuple("b", 1));
        assertThat(Cell.fromSnapshot(cell.toSnapshot(1, index)).desiredFor("m1")).as("rebuilt from a snapshot")
                .isEqualTo(cell.desiredFor("m1"));

        apply(report("m1", "b", 0, 1, TaskState.SUCCEEDED, 0));
        apply(evict("a", 0, task("a", 0).getVersion(), "m1", "preempted"));
        assertThat(cell.desiredFor("m1")).extracting(TaskAssignment::getJob, TaskAssignment::getIndex)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("b", 1));

        apply(machineState("m1", MachineState.DOWN));
        assertThat(cell.desiredFor("m1")).isEmpty();
        assertThat(task("b", 1).getState()).isEqualTo(TaskState.PENDING);
        assertThat(cell.machine("m1").orElseThrow().getAllocated().getCpuMillis()).isZero();
    }

    @Test
    void theDesiredVersionIsTheIndexOfTheLastChangeToTheTasksWantedThere() {
        apply(register("m1", 4000, 8 * GI));
        long registered = index;
        assertThat(desiredVersion("m1")).as("an empty set, as of registration").isEqualTo(registered);

        apply(submit("r", spec("web", 3)));
        assertThat(desiredVersion("m1")).as("a submission wants nothing on m1 yet").isEqualTo(registered);
        long mv = cell.machine("m1").orElseThrow().getVersion();
        apply(assign("web", 0, task("web", 0).getVersion(), "m1", mv));
        long placed = index;
        assertThat(desiredVersion("m1")).isEqualTo(placed);
        assertThat(cell.machine("m1").orElseThrow().getVersion()).as("the scheduler's machine version stays").isEqualTo(mv);

        apply(report("m1", "web", 0, 1, TaskState.RUNNING, 0));
        assertThat(desiredVersion("m1")).as("RUNNING changes no set").isEqualTo(placed);
        assertThat(cell.heartbeat("m1", List.of()).desiredVersion()).isEqualTo(placed);

        apply(assign("web", 1, task("web", 1).getVersion(), "m1", mv));
        apply(report("m1", "web", 1, 1, TaskState.SUCCEEDED, 0));
        assertThat(desiredVersion("m1")).as("an end takes the task out").isEqualTo(index);
        apply(evict("web", 0, task("web", 0).getVersion(), "m1", "preempted"));
        assertThat(desiredVersion("m1")).as("an eviction").isEqualTo(index);
        apply(assign("web", 2, task("web", 2).getVersion(), "m1", mv));
        apply(kill("web"));
        assertThat(desiredVersion("m1")).as("a kill").isEqualTo(index);
        assertThat(Cell.fromSnapshot(cell.toSnapshot(1, index)).machine("m1").orElseThrow().getDesiredVersion())
                .as("kept in the snapshot").isEqualTo(index);

        apply(submit("r2", spec("db", 1)));
        apply(assign("db", 0, task("db", 0).getVersion(), "m1", mv));
        apply(machineState("m1", MachineState.DOWN));
        assertThat(desiredVersion("m1")).as("the machine's loss empties it").isEqualTo(index);
        assertThat(cell.desiredFor("m1")).isEmpty();
    }

    @Test
    void thePendingCountFollowsEveryWayInAndOutOfPending() {
        apply(register("m1", 4000, 8 * GI));
        apply(submit("r", spec("web", 3)));
        assertThat(cell.pendingCount()).isEqualTo(3);
        long mv = cell.machine("m1").orElseThrow().getVersion();
        apply(assign("web", 0, task("web", 0).getVersion(), "m1", mv));
        apply(assign("web", 1, task("web", 1).getVersion(), "m1", mv));
        assertThat(cell.pendingCount()).isEqualTo(1);
        apply(evict("web", 0, task("web", 0).getVersion(), "m1", "preempted"));
        assertThat(cell.pendingCount()).isEqualTo(2);
        apply(machineState("m1", MachineState.DOWN));
        assertThat(cell.pendingCount()).isEqualTo(3);
        assertThat(Cell.fromSnapshot(cell.toSnapshot(1, index)).pendingCount()).isEqualTo(3);
        apply(kill("web"));
        assertThat(cell.pendingCount()).isZero();
        assertThat(cell.machineStates()).containsExactly(java.util.Map.entry("m1", MachineState.DOWN));
    }

    private long desiredVersion(String machine) {
        return cell.machine(machine).orElseThrow().getDesiredVersion();
    }

    private static TaskReport taskReport(String job, int index, int attempt, TaskState state) {
        return TaskReport.newBuilder().setJob(job).setIndex(index).setAttempt(attempt).setState(state)
                .setReady(state == TaskState.RUNNING).build();
    }

    @Test
    void aUserKillsOrReusesTheNameOfOnlyItsOwnJobsAndARefusalChangesNothing() {
        placeOne(); // alice's web
        byte[] before = snapshotBytes();

        CommandResult byBob = apply(Fixtures.at(2000).killJob("web", "bob", "user:bob"));

        assertThat(byBob.getError().getCode()).isEqualTo(CommandError.Code.PERMISSION_DENIED);
        assertThat(byBob.getError().getMessage()).isEqualTo("job web belongs to another user; killing it needs admin");
        assertThat(snapshotBytes()).isEqualTo(before);

        CommandResult byAlice = apply(Fixtures.at(2000).killJob("web", "alice", "user:alice"));
        assertThat(byAlice.getJob().getState()).isEqualTo(JobState.JOB_KILLED);
        assertThat(task("web", 0).getMessage()).isEqualTo("killed by user:alice");

        byte[] killed = snapshotBytes();
        JobSpec bobsWeb = spec("web", 1).toBuilder().setUser("bob").build();
        CommandResult taken = apply(Fixtures.at(3000).submitJob("req-bob", bobsWeb, "bob"));
        assertThat(taken.getError().getCode()).isEqualTo(CommandError.Code.PERMISSION_DENIED);
        assertThat(taken.getError().getMessage()).isEqualTo("job web belongs to another user; reusing its name needs admin");
        assertThat(snapshotBytes()).isEqualTo(killed);
        assertThat(apply(Fixtures.at(3000).submitJob("req-ops", bobsWeb, "")).hasError()).as("an admin may").isFalse();
    }

    @Test
    void killingAnUnknownJobIsNotFound() {
        CommandResult r = apply(kill("nosuch"));
        assertThat(r.getError().getCode()).isEqualTo(CommandError.Code.NOT_FOUND);
        assertThat(r.getError().getMessage()).isEqualTo("job \"nosuch\" not found");
    }

    @Test
    void aMachineGoingDownSendsItsTasksBackToPending() {
        placeOne();

        apply(machineState("m1", MachineState.DOWN));

        Task t = task("web", 0);
        assertThat(t.getState()).isEqualTo(TaskState.PENDING);
        assertThat(t.getMachineId()).isEmpty();
        assertThat(t.getMessage()).contains("m1");
        assertThat(cell.machine("m1").orElseThrow().getState()).isEqualTo(MachineState.DOWN);
        assertThat(cell.machine("m1").orElseThrow().getAllocated().getCpuMillis()).isZero();
    }

    @Test
    void aDownMachineThatRegistersAgainIsUp() {
        apply(register("m1", 1000, GI));
        apply(machineState("m1", MachineState.DOWN));

        apply(register("m1", 1000, GI));

        assertThat(cell.machine("m1").orElseThrow().getState()).isEqualTo(MachineState.UP);
    }

    @Test
    void aMachineWithNoCapacityIsRefused() {
        CommandResult r = apply(register("m1", 0, GI));
        assertThat(r.getError().getCode()).isEqualTo(CommandError.Code.INVALID_ARGUMENT);
        assertThat(cell.machines()).isEmpty();
    }

    @Test
    void anEmptyCommandIsRefused() {
        assertThat(apply(Command.getDefaultInstance()).getError().getCode()).isEqualTo(CommandError.Code.INVALID_ARGUMENT);
    }

    @Test
    void aFinishedJobNameCanBeUsedAgain() {
        placeOne();
        apply(report("m1", "web", 0, 1, TaskState.SUCCEEDED, 0));

        CommandResult r = apply(submit("req-2", spec("web", 2)));

        assertThat(r.hasError()).isFalse();
        assertThat(cell.job("web").orElseThrow().getTasksCount()).isEqualTo(2);
    }

    @Test
    void theSameCommandsGiveByteIdenticalSnapshots() throws IOException {
        Cell a = new Cell();
        Cell b = new Cell();
        Command[] log = {register("m1", 2000, 4 * GI), register("m2", 2000, 4 * GI), submit("r1", spec("web", 3)),
                assign("web", 0, 3, "m1", 1), assign("web", 1, 3, "m2", 2), report("m1", "web", 0, 1, TaskState.RUNNING, 0),
                machineState("m2", MachineState.DOWN), submit("r2", spec("batch", 2)), kill("batch")};
        for (int i = 0; i < log.length; i++) {
            a.apply(i + 1, log[i]);
            b.apply(i + 1, log[i]);
        }
        assertThat(bytes(a.toSnapshot(1, log.length))).isEqualTo(bytes(b.toSnapshot(1, log.length)));
        assertThat(a.task("web", 1).orElseThrow().getState()).isEqualTo(TaskState.PENDING);
    }

    @Test
    void aSnapshotRoundTripGivesTheSameCell() throws IOException {
        placeOne();
        apply(report("m1", "web", 0, 1, TaskState.RUNNING, 0));
        apply(submit("r2", spec("other", 2)));
        apply(quota("alice", "batch", 10_000, 40 * GI));
        CellSnapshot snapshot = cell.toSnapshot(3, index);

        Cell restored = Cell.fromSnapshot(CellSnapshot.parseFrom(bytes(snapshot)));

        assertThat(bytes(restored.toSnapshot(3, index))).isEqualTo(bytes(snapshot));
        assertThat(restored.machines()).isEqualTo(cell.machines()); // allocation is rebuilt too
        assertThat(restored.quotas()).isEqualTo(cell.quotas());
        CommandResult retry = restored.apply(index + 1, submit("r2", spec("other", 2)));
        assertThat(retry.getDuplicate()).isTrue();
    }

    @Test
    void aJobOverItsUsersQuotaIsRefusedWithTheNumbers() {
        apply(quota("alice", "batch", 1000, 4 * GI));
        assertThat(apply(submit("r1", spec("first", 2))).hasError()).isFalse(); // 2 x 500m

        CommandResult r = apply(submit("r2", spec("second", 1)));

        assertThat(r.getError().getCode()).isEqualTo(CommandError.Code.RESOURCE_EXHAUSTED);
        assertThat(r.getError().getMessage()).isEqualTo(
                "quota exceeded for user alice in band batch: cpu 1000m in use + 500m asked > quota 1000m");
        assertThat(cell.job("second")).isEmpty();
        assertThat(cell.quotas()).singleElement().satisfies(u -> assertThat(u.getUsed().getCpuMillis()).isEqualTo(1000));
    }

    @Test
    void finishedTasksNoLongerCountAgainstTheQuota() {
        apply(quota("alice", "batch", 500, 4 * GI));
        placeOne(); // web: one 500m task of alice's
        apply(report("m1", "web", 0, 1, TaskState.SUCCEEDED, 0));

        assertThat(apply(submit("r2", spec("next", 1))).hasError()).isFalse();
    }

    @Test
    void productionQuotasCannotPromiseMoreThanTheCellHas() {
        apply(register("m1", 4000, 8 * GI));
        assertThat(apply(quota("alice", "production", 3000, 4 * GI)).hasError()).isFalse();

        CommandResult r = apply(quota("bob", "production", 2000, 2 * GI));

        assertThat(r.getError().getCode()).isEqualTo(CommandError.Code.FAILED_PRECONDITION);
        assertThat(r.getError().getMessage()).startsWith("production quotas would total cpu 5000m");
        assertThat(apply(quota("bob", "batch", 2000, 2 * GI)).hasError()).isFalse(); // only production is capped
        assertThat(apply(quota("bob", "gold", 1, 1)).getError().getMessage()).startsWith("band: must be one of");
    }

    @Test
    void anEvictionSendsTheTaskBackToPendingWithTheReasonAndFreesItsMachine() {
        placeOne();
        Task t = task("web", 0);
        CommandResult r = apply(evict("web", 0, t.getVersion(), "m1", "preempted by prod/0 (priority 200, production)"));

        assertThat(r.getAssigned().getEvicted()).isEqualTo(1);
        assertThat(task("web", 0).getState()).isEqualTo(TaskState.PENDING);
        assertThat(task("web", 0).getMessage()).isEqualTo("preempted by prod/0 (priority 200, production)");
        assertThat(cell.machine("m1").orElseThrow().getAllocated().getCpuMillis()).isZero();
    }

    @Test
    void aStaleEvictionIsSkipped() {
        placeOne();
        CommandResult r = apply(evict("web", 0, 1, "m1", ""));
        assertThat(r.getAssigned().getEvicted()).isZero();
        assertThat(task("web", 0).getState()).isEqualTo(TaskState.ASSIGNED);
    }

    private void placeOne() {
        apply(register("m1", 1000, 4 * GI));
        apply(submit("r", spec("web", 1)));
        apply(assign("web", 0, task("web", 0).getVersion(), "m1", cell.machine("m1").orElseThrow().getVersion()));
    }

    private byte[] snapshotBytes() {
        return bytes(cell.toSnapshot(1, 1)); // the state alone, whatever index applied last
    }

    private static byte[] bytes(CellSnapshot s) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            SnapshotEncoding.writeCanonical(s, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
