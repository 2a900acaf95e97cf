package borgcell.cell;

import static borgcell.cell.Fixtures.GI;
import static borgcell.cell.Fixtures.assign;
import static borgcell.cell.Fixtures.register;
import static borgcell.cell.Fixtures.spec;
import static borgcell.cell.Fixtures.submit;
import static org.assertj.core.api.Assertions.assertThat;

import borgcell.api.v1.Job;
import borgcell.api.v1.JobSpec;
import borgcell.api.v1.JobState;
import borgcell.api.v1.ReschedulePolicy;
import borgcell.api.v1.RestartPolicy;
import borgcell.api.v1.Task;
import borgcell.api.v1.TaskReport;
import borgcell.api.v1.TaskState;
import borgcell.api.v1.raft.Command;
import borgcell.api.v1.raft.CommandResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A task that used up its restarts on a machine is placed again elsewhere, within the job's limit. */
class RescheduleTest {
    private final Cell cell = new Cell();
    private long index;

    private CommandResult apply(Command c) {
        return cell.apply(++index, c);
    }

    private Task task(int i) {
        return cell.task("web", i).orElseThrow();
    }

    private Job job() {
        return cell.job("web").orElseThrow();
    }

    private static JobSpec restarting(RestartPolicy policy, ReschedulePolicy reschedule) {
        JobSpec.Builder b = spec("web", 1).toBuilder();
        b.getTaskBuilder().getRestartBuilder().setPolicy(policy).setMaxAttempts(3);
        if (reschedule != null) {
            b.setReschedule(reschedule);
        }
        return b.build();
    }

    private void machines(int n) {
        for (int i = 1; i <= n; i++) {
            apply(register("m" + i, 4000, 16 * GI));
        }
    }

    /** Places task {@code i} on the machine and has its Borglet report it ended, after {@code restarts} restarts there. */
    private CommandResult placeAndEnd(int i, String machine, TaskState end, int restarts, int exit) {
        apply(assign("web", i, task(i).getVersion(), machine, cell.machine(machine).orElseThrow().getVersion()));
        return apply(Fixtures.at(4000).taskStatus(machine, List.of(TaskReport.newBuilder().setJob("web").setIndex(i)
                .setAttempt(task(i).getAttempt()).setState(end).setRestarts(restarts).setExitCode(exit).build())));
    }

    @Test
    void aTaskThatUsedUpItsRestartsGoesBackToPendingAvoidingThatMachine() {
        machines(3);
        apply(submit("r", restarting(RestartPolicy.ON_FAILURE, null)));
        int pendingBefore = cell.pendingCount();

        placeAndEnd(0, "m2", TaskState.FAILED, 2, 1);

        Task t = task(0);
        assertThat(t.getState()).isEqualTo(TaskState.PENDING);
        assertThat(t.getAvoidMachinesList()).containsExactly("m2");
        assertThat(t.getMessage()).isEqualTo("failed 3 times on m2 (exit 1); placing it on another machine, reschedule 1 of 3");
        assertThat(t.getMachineId()).isEmpty();
        assertThat(t.getRestarts()).isZero();
        assertThat(job().getReschedules()).isEqualTo(1);
        assertThat(job().getState()).isEqualTo(JobState.JOB_RUNNING);
        assertThat(cell.pendingCount()).isEqualTo(pendingBefore);
        assertThat(cell.desiredFor("m2")).isEmpty();
        assertThat(cell.machine("m2").orElseThrow().getAllocated().getCpuMillis()).isZero();
        assertThat(SchedulerInput.from(cell).pending()).singleElement()
                .satisfies(r -> assertThat(r.avoidMachines()).containsExactly("m2"));
    }

    @Test
    void avoidedMachinesAccumulateUntilTheJobsLimitThenTheTaskFailsSayingSo() {
        machines(3);
        apply(submit("r", restarting(RestartPolicy.ALWAYS, ReschedulePolicy.newBuilder().setMaxReschedules(2).build())));

        placeAndEnd(0, "m1", TaskState.FAILED, 0, 3);
        placeAndEnd(0, "m2", TaskState.FAILED, 2, 1);
        assertThat(task(0).getAvoidMachinesList()).containsExactly("m1", "m2");
        assertThat(task(0).getMessage()).isEqualTo("failed 3 times on m2 (exit 1); placing it on another machine, reschedule 2 of 2");
        assertThat(task(0).getAttempt()).isEqualTo(2);

        placeAndEnd(0, "m3", TaskState.FAILED, 2, 1);
        assertThat(task(0).getState()).isEqualTo(TaskState.FAILED);
        assertThat(task(0).getMessage()).isEqualTo("failed 3 times on m3 (exit 1); not placed elsewhere: the job used all 2 of its reschedules");
        assertThat(task(0).getAvoidMachinesList()).containsExactly("m1", "m2");
        assertThat(job().getReschedules()).isEqualTo(2);
        assertThat(job().getState()).isEqualTo(JobState.JOB_FINISHED);
        assertThat(cell.pendingCount()).isZero();
    }

    @Test
    void theLimitIsTheJobsNotEachTasks() {
        machines(2);
        JobSpec two = restarting(RestartPolicy.ON_FAILURE, ReschedulePolicy.newBuilder().setMaxReschedules(1).build())
                .toBuilder().setTaskCount(2).build();
        apply(submit("r", two));

        placeAndEnd(0, "m1", TaskState.FAILED, 2, 1);
        placeAndEnd(1, "m1", TaskState.FAILED, 2, 1);

        assertThat(task(0).getState()).isEqualTo(TaskState.PENDING);
        assertThat(task(1).getState()).isEqualTo(TaskState.FAILED);
        assertThat(task(1).getMessage()).endsWith("the job used all 1 of its reschedules");
    }

    @Test
    void aTaskThatMayNotRestartFailsForGoodAsBefore() {
        machines(2);
        apply(submit("r", restarting(RestartPolicy.NEVER, null)));

        placeAndEnd(0, "m1", TaskState.FAILED, 0, 1);

        assertThat(task(0).getState()).isEqualTo(TaskState.FAILED);
        assertThat(task(0).getMessage()).isEqualTo("exited with code 1");
        assertThat(task(0).getAvoidMachinesList()).isEmpty();
        assertThat(job().getReschedules()).isZero();
        assertThat(job().getState()).isEqualTo(JobState.JOB_FINISHED);
    }

    @Test
    void aPolicyOfZeroMeansNever() {
        machines(2);
        apply(submit("r", restarting(RestartPolicy.ON_FAILURE, ReschedulePolicy.newBuilder().setMaxReschedules(0).build())));

        placeAndEnd(0, "m1", TaskState.FAILED, 2, 1);

        assertThat(task(0).getState()).isEqualTo(TaskState.FAILED);
        assertThat(task(0).getMessage()).isEqualTo("exited with code 1");
    }

    @Test
    void aSucceededOrKilledTaskIsDone() {
        machines(2);
        apply(submit("r", restarting(RestartPolicy.ALWAYS, null).toBuilder().setTaskCount(2).build()));

        placeAndEnd(0, "m1", TaskState.SUCCEEDED, 2, 0);
        placeAndEnd(1, "m1", TaskState.KILLED, 0, 137);

        assertThat(task(0).getState()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(task(1).getState()).isEqualTo(TaskState.KILLED);
        assertThat(job().getReschedules()).isZero();
    }

    @Test
    void theAvoidListIsBoundedKeepingTheNewestMachines() {
        int n = Reschedules.MAX_AVOIDED_MACHINES + 4;
        machines(n);
        apply(submit("r", restarting(RestartPolicy.ON_FAILURE, ReschedulePolicy.newBuilder().setMaxReschedules(100).build())));

        for (int i = 1; i <= n; i++) {
            placeAndEnd(0, "m" + i, TaskState.FAILED, 0, 1);
        }

        assertThat(task(0).getAvoidMachinesList()).hasSize(Reschedules.MAX_AVOIDED_MACHINES)
                .startsWith("m5").endsWith("m" + n);
        assertThat(job().getReschedules()).isEqualTo(n);
    }

    @Test
    void whyPendingNamesTheMachinesTheTaskFailedOn() {
        machines(2);
        apply(submit("r", restarting(RestartPolicy.ON_FAILURE, null)));
        placeAndEnd(0, "m1", TaskState.FAILED, 2, 1);
        placeAndEnd(0, "m2", TaskState.FAILED, 2, 1);

        assertThat(new PendingDryRun().explain(cell, job())).singleElement()
                .extracting(PendingDryRun.Reason::reason).isEqualTo("0/2 machines fit: 2 where the task failed before");
    }

    @Test
    void aSnapshotKeepsTheAvoidListsAndTheCount() throws IOException {
        machines(3);
        apply(submit("r", restarting(RestartPolicy.ON_FAILURE, null)));
        placeAndEnd(0, "m1", TaskState.FAILED, 2, 1);

        Cell restored = Cell.fromSnapshot(cell.toSnapshot(1, index));

        assertThat(restored.task("web", 0).orElseThrow().getAvoidMachinesList()).containsExactly("m1");
        assertThat(restored.job("web").orElseThrow().getReschedules()).isEqualTo(1);
        assertThat(restored.pendingCount()).isEqualTo(cell.pendingCount());
        assertThat(bytes(restored)).isEqualTo(bytes(cell));
    }

    private byte[] bytes(Cell c) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SnapshotEncoding.writeCanonical(c.toSnapshot(1, index), out);
        return out.toByteArray();
    }
}
