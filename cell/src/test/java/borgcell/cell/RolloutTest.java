package borgcell.cell;

import static borgcell.cell.Fixtures.GI;
import static borgcell.cell.Fixtures.register;
import static borgcell.cell.Fixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;

import borgcell.api.v1.Job;
import borgcell.api.v1.JobSpec;
import borgcell.api.v1.JobVersion;
import borgcell.api.v1.Rollout;
import borgcell.api.v1.Task;
import borgcell.api.v1.TaskReport;
import borgcell.api.v1.TaskState;
import borgcell.api.v1.UpdatePolicy;
import borgcell.api.v1.raft.AssignTasksCommand;
import borgcell.api.v1.raft.Assignment;
import borgcell.api.v1.raft.Command;
import borgcell.api.v1.raft.CommandError;
import borgcell.api.v1.raft.CommandResult;
import borgcell.api.v1.raft.RolloutControlCommand.Action;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rolling updates in the cell alone: a tiny loop plays the scheduler and the Borglets (each
 * pending task placed on the emptiest machine, each placed task reported running, and so
 * ready), and every answer is checked against the update's rules.
 */
class RolloutTest {
    private final Cell cell = new Cell();
    private long index;
    private long now = 10_000;
    /** Ready tasks of the job after every command: the history the availability rule is checked on. */
    private final List<Integer> readyHistory = new ArrayList<>();

    private CommandResult apply(Command c) {
        CommandResult r = cell.apply(++index, c);
        cell.job("web").ifPresent(j -> readyHistory.add(DisruptionBudgets.readyTasks(j)));
        return r;
    }

    private Commands at() {
        return Fixtures.at(now);
    }

    private RolloutTest machines(int n) {
        for (int i = 1; i <= n; i++) {
            apply(register("m" + i, 16_000, 64 * GI));
        }
        return this;
    }

    private static JobSpec service(int tasks, String arg, UpdatePolicy policy) {
        JobSpec.Builder s = spec("web", tasks).toBuilder();
        s.getTaskBuilder().clearArgv().addArgv("/bin/server").addArgv(arg);
        if (policy != null) {
            s.setUpdate(policy);
        }
        return s.build();
    }

    /** Places every pending task and reports every placed task running; {@code failing} versions never start. */
    private void settle(long... failing) {
        for (int round = 0; round < 50; round++) {
            Job job = cell.job("web").orElseThrow();
            boolean moved = false;
            for (Task t : job.getTasksList()) {
                if (t.getState() == TaskState.PENDING) {
                    String m = "m" + (1 + (t.getIndex() % 3));
                    long mv = cell.machine(m).orElseThrow().getVersion();
                    apply(at().assignTasks(AssignTasksCommand.newBuilder().addAssignments(Assignment.newBuilder()
                            .setJob("web").setIndex(t.getIndex()).setTaskVersion(t.getVersion()).setMachineId(m)
                            .setMachineVersion(mv)).build()));
                    moved = true;
                    break;
                }
                if (t.getState() == TaskState.ASSIGNED && !contains(failing, t.getSpecVersion())) {
                    apply(at().taskStatus(t.getMachineId(), List.of(TaskReport.newBuilder().setJob("web")
                            .setIndex(t.getIndex()).setAttempt(t.getAttempt()).setState(TaskState.RUNNING).setReady(true).build())));
                    moved = true;
                    break;
                }
            }
            if (!moved) {
                return;
            }
        }
    }

    private static boolean contains(long[] values, long v) {
        for (long x : values) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    private Job job() {
        return cell.job("web").orElseThrow();
    }

    @Test
    void aSixTaskServiceUpdatedOneAtATimeNeverHasFewerThanFiveReadyAndEndsOnTheNewVersion() {
        machines(3);
        apply(at().submitJob("r1", service(6, "v1", UpdatePolicy.newBuilder().setMaxUnavailable(1).build()), "", "user:alice"));
        settle();
        assertThat(DisruptionBudgets.readyTasks(job())).isEqualTo(6);
        readyHistory.clear();

        CommandResult r = apply(at().updateJob("r2", "", service(6, "v2", UpdatePolicy.newBuilder().setMaxUnavailable(1).build()),
                false, "", "user:alice"));
        assertThat(r.hasError()).as(r.toString()).isFalse();
        assertThat(job().getCurrentVersion()).isEqualTo(2);
        assertThat(job().getRollout().getState()).isEqualTo(Rollout.State.ROLLING);
        settle();

        assertThat(readyHistory).isNotEmpty().allMatch(n -> n >= 5);
        assertThat(job().getRollout().getState()).isEqualTo(Rollout.State.SUCCEEDED);
        assertThat(job().getTasksList()).hasSize(6)
                .allMatch(t -> t.getSpecVersion() == 2 && t.getReady() && t.getAttempt() == 2);
        assertThat(job().getVersionsList()).extracting(JobVersion::getNumber).containsExactly(1L, 2L);
        assertThat(job().getVersions(1).getBy()).isEqualTo("user:alice");
        assertThat(job().getVersions(1).getCause()).isEqualTo("updated");
    }

    @Test
    void withSurgeAndNoneUnavailableTheReadyTasksNeverDropBelowTheCount() {
        machines(3);
        UpdatePolicy surge = UpdatePolicy.newBuilder().setMaxUnavailable(0).setMaxSurge(1).build();
        apply(at().submitJob("r1", service(6, "v1", surge), "", ""));
        settle();
        readyHistory.clear();

        apply(at().updateJob("", "", service(6, "v2", surge), false, "", ""));
        settle();

        assertThat(readyHistory).allMatch(n -> n >= 6);
        // A ready surge task lets one old task go in the same step, so the ready count stays 6.
        assertThat(job().getRollout().getState()).isEqualTo(Rollout.State.SUCCEEDED);
        assertThat(job().getTasksList().subList(0, 6)).allMatch(t -> t.getSpecVersion() == 2 && t.getReady());
        assertThat(job().getTasksCount()).isEqualTo(7); // the one surge task, started and retired
        assertThat(job().getTasks(6).getState()).isEqualTo(TaskState.KILLED);
        assertThat(job().getTasks(6).getMessage()).contains("no longer needs this surge task");
    }

    @Test
    void tasksWhoseTemplateDidNotChangeAreNotRestarted() {
        machines(3);
        apply(at().submitJob("r1", service(3, "v1", null), "", ""));
        settle();
        JobSpec more = service(5, "v1", null).toBuilder().setPriority(120).build();

        apply(at().updateJob("", "", more, false, "", ""));
        settle();

        assertThat(job().getTasksList()).hasSize(5).allMatch(t -> t.getSpecVersion() == 2 && t.getAttempt() == 1);
        assertThat(job().getRollout().getState()).isEqualTo(Rollout.State.SUCCEEDED);
    }

    @Test
    void anUpdateWhoseTasksNeverBecomeReadyRollsBackByItselfAfterItsDeadline() {
        machines(3);
        UpdatePolicy quick = UpdatePolicy.newBuilder().setMaxUnavailable(1).setProgressDeadlineMillis(30_000).build();
        apply(at().submitJob("r1", service(4, "v1", quick), "", ""));
        settle();

        apply(at().updateJob("", "", service(4, "crash", quick), false, "", ""));
        settle(2); // version 2 never runs
        assertThat(job().getRollout().getState()).isEqualTo(Rollout.State.ROLLING);
        assertThat(DisruptionBudgets.readyTasks(job())).isEqualTo(3);

        now += 30_000;
        apply(at().tick());
        Job rolledBack = job();
        assertThat(rolledBack.getCurrentVersion()).isEqualTo(3);
        assertThat(rolledBack.getVersions(2).getCause()).startsWith("rolled back to 1: no task of version 2 became ready");
        assertThat(rolledBack.getSpec().getTask().getArgv(1)).isEqualTo("v1");
        assertThat(rolledBack.getRollout().getState()).isEqualTo(Rollout.State.ROLLING_BACK);
        settle();
        assertThat(job().getRollout().getState()).isEqualTo(Rollout.State.ROLLED_BACK);
        assertThat(job().getTasksList()).allMatch(t -> t.getSpecVersion() == 3 && t.getReady());
        // The three tasks that never left version 1's template were moved to version 3 without a restart.
        assertThat(job().getTasksList()).filteredOn(t -> t.getAttempt() == 1).hasSize(3);
    }

    @Test
    void canariesWaitForPromotionAndPauseResumeAndAbortDoWhatTheySay() {
        machines(3);
        UpdatePolicy canary = UpdatePolicy.newBuilder().setMaxUnavailable(2).setCanaries(1).build();
        apply(at().submitJob("r1", service(5, "v1", canary), "", ""));
        settle();

        apply(at().updateJob("", "", service(5, "v2", canary), false, "", ""));
        settle();
        assertThat(job().getRollout().getState()).isEqualTo(Rollout.State.CANARY);
        assertThat(job().getTasksList()).filteredOn(t -> t.getSpecVersion() == 2).hasSize(1);

        apply(at().controlRollout("web", Action.PROMOTE, "", "user:alice"));
        apply(at().controlRollout("web", Action.PAUSE, "", "user:alice"));
        assertThat(job().getRollout().getState()).isEqualTo(Rollout.State.PAUSED);
        settle();
        int newAfterPause = (int) job().getTasksList().stream().filter(t -> t.getSpecVersion() == 2).count();
        apply(at().controlRollout("web", Action.RESUME, "", ""));
        settle();
        assertThat(job().getRollout().getState()).isEqualTo(Rollout.State.SUCCEEDED);
        assertThat(newAfterPause).isLessThan(5);

        apply(at().updateJob("", "", service(5, "v3", canary), false, "", ""));
        apply(at().controlRollout("web", Action.ABORT, "", ""));
        assertThat(job().getRollout().getState()).isEqualTo(Rollout.State.ABORTED);
        CommandResult again = apply(at().controlRollout("web", Action.PAUSE, "", ""));
        assertThat(again.getError().getCode()).isEqualTo(CommandError.Code.FAILED_PRECONDITION);
        assertThat(again.getError().getMessage()).contains("has no update to pause").contains("ABORTED");
    }

    @Test
    void revertRollsOutAnEarlierSpecAsANewVersion() {
        machines(3);
        apply(at().submitJob("r1", service(2, "v1", null), "", ""));
        settle();
        apply(at().updateJob("", "", service(2, "v2", null), false, "", ""));
        settle();

        apply(at().revertJob("web", 1, "", "user:alice"));
        settle();

        assertThat(job().getCurrentVersion()).isEqualTo(3);
        assertThat(job().getVersions(2).getCause()).isEqualTo("reverted to 1");
        assertThat(job().getSpec().getTask().getArgv(1)).isEqualTo("v1");
        assertThat(job().getTasksList()).allMatch(t -> t.getSpecVersion() == 3 && t.getReady());

        CommandResult missing = apply(at().revertJob("web", 9, "", ""));
        assertThat(missing.getError().getCode()).isEqualTo(CommandError.Code.NOT_FOUND);
        assertThat(missing.getError().getMessage()).isEqualTo("job \"web\" has no version 9 (it keeps [1, 2, 3])");
    }

    @Test
    void badUpdatesAreRefusedNamingWhatIsWrongAndChangeNothing() {
        machines(1);
        apply(at().submitJob("r1", service(2, "v1", null), "", ""));
        Job before = job();

        CommandResult renamed = apply(at().updateJob("", "web", service(2, "v2", null).toBuilder().setName("api").build(),
                false, "", ""));
        CommandResult otherUser = apply(at().updateJob("", "", service(2, "v2", null).toBuilder().setUser("bob").build(),
                false, "", ""));
        CommandResult stuck = apply(at().updateJob("", "", service(2, "v2", UpdatePolicy.newBuilder().build()), false, "", ""));
        CommandResult absent = apply(at().updateJob("", "", service(2, "v2", null).toBuilder().setName("nope").build(),
                false, "", ""));
        CommandResult notYours = apply(at().updateJob("", "", service(2, "v2", null), false, "bob", "user:bob"));

        assertThat(renamed.getError().getMessage()).isEqualTo(
                "spec.name: an update cannot rename job \"web\" to \"api\"; submit a job of the new name and kill the old one");
        assertThat(otherUser.getError().getMessage()).isEqualTo(
                "spec.user: an update cannot change the job's user (\"alice\" to \"bob\")");
        assertThat(stuck.getError().getMessage()).startsWith("spec.update.max_unavailable: and max_surge are both 0");
        assertThat(absent.getError().getCode()).isEqualTo(CommandError.Code.NOT_FOUND);
        assertThat(notYours.getError().getCode()).isEqualTo(CommandError.Code.PERMISSION_DENIED);
        assertThat(job()).isEqualTo(before);
    }

    @Test
    void applyCreatesAnAbsentJobAndAnUnchangedSpecMakesNoVersion() {
        machines(1);
        CommandResult created = apply(at().updateJob("a1", "", service(1, "v1", null), true, "", ""));
        assertThat(created.getJob().getCurrentVersion()).isEqualTo(1);

        CommandResult same = apply(at().updateJob("a2", "", service(1, "v1", null), true, "", ""));
        CommandResult retried = apply(at().updateJob("a1", "", service(1, "v9", null), true, "", ""));

        assertThat(same.getJob().getCurrentVersion()).isEqualTo(1);
        assertThat(retried.getDuplicate()).isTrue();
        assertThat(job().getCurrentVersion()).isEqualTo(1);
    }

    @Test
    void aFinishedJobsNameUsedAgainKeepsTheOldIncarnationAndSnapshotsKeepEverything() {
        machines(1);
        apply(at().submitJob("r1", service(1, "v1", null), "", ""));
        apply(at().killJob("web"));
        apply(at().submitJob("r2", service(1, "v2", null), "", ""));
        apply(at().updateJob("", "", service(1, "v3", null), false, "", ""));

        assertThat(cell.pastJobs("web")).hasSize(1);
        assertThat(cell.pastJobs("web").get(0).getSpec().getTask().getArgv(1)).isEqualTo("v1");
        Cell restored = Cell.fromSnapshot(cell.toSnapshot(1, index));
        assertThat(restored.toSnapshot(1, index)).isEqualTo(cell.toSnapshot(1, index));
        assertThat(restored.nextDeadline()).isEqualTo(cell.nextDeadline()).isPositive();
    }
}
