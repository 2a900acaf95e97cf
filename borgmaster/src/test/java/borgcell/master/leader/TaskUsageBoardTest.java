package borgcell.master.leader;

import static org.assertj.core.api.Assertions.assertThat;

import borgcell.api.v1.HeartbeatRequest;
import borgcell.api.v1.Job;
import borgcell.api.v1.Task;
import borgcell.api.v1.TaskReport;
import borgcell.api.v1.TaskState;
import borgcell.api.v1.TaskUsage;
import borgcell.api.v1.TaskUsageReport;
import org.junit.jupiter.api.Test;

class TaskUsageBoardTest {
    private final TaskUsageBoard board = new TaskUsageBoard();

    @Test
    void aMachineNotHeardCompletelyInThisTermIsAskedForAllItsUsage() {
        assertThat(board.take(3, heartbeat("m1").build())).isTrue();
        assertThat(board.take(3, heartbeat("m1").setUsageComplete(true).build())).isFalse();
        assertThat(board.take(3, heartbeat("m1").build())).isFalse();
        assertThat(board.take(4, heartbeat("m1").build())).as("a new term starts afresh").isTrue();
    }

    @Test
    void changesMergeIntoWhatIsHeldAndAnswersCarryThem() {
        board.take(1, heartbeat("m1").addTasks(running("web", 0, 1)).addTasks(running("web", 1, 1))
                .addUsage(usage("web", 0, 1, 100)).addUsage(usage("web", 1, 1, 200)).setUsageComplete(true).build());
        board.take(1, heartbeat("m1").addTasks(running("web", 0, 1)).addTasks(running("web", 1, 1))
                .addUsage(usage("web", 1, 1, 250)).build());

        Job job = board.annotate(job(task(0, "m1", 1), task(1, "m1", 1)));

        assertThat(job.getTasks(0).getUsage().getCpuMillicores()).isEqualTo(100);
        assertThat(job.getTasks(1).getUsage().getCpuMillicores()).isEqualTo(250);
    }

    @Test
    void onlyTheTasksCurrentPlacementGetsUsage() {
        board.take(1, heartbeat("m1").addTasks(running("web", 0, 1)).addUsage(usage("web", 0, 1, 100))
                .setUsageComplete(true).build());

        assertThat(board.annotate(job(task(0, "m1", 2))).getTasks(0).hasUsage()).as("another attempt").isFalse();
        assertThat(board.annotate(job(task(0, "m2", 1))).getTasks(0).hasUsage()).as("another machine").isFalse();
        Job pending = job(Task.newBuilder().setJob("web").setIndex(0).setState(TaskState.PENDING).build());
        assertThat(board.annotate(pending)).as("nothing to add: the same job").isSameAs(pending);
    }

    @Test
    void aTaskThatEndedIsDroppedAtTheNextHeartbeat() {
        board.take(1, heartbeat("m1").addTasks(running("web", 0, 1)).addTasks(running("web", 1, 1))
                .addUsage(usage("web", 0, 1, 100)).addUsage(usage("web", 1, 1, 200)).setUsageComplete(true).build());
        board.take(1, heartbeat("m1").addTasks(running("web", 0, 1))
                .addTasks(TaskReport.newBuilder().setJob("web").setIndex(1).setAttempt(1).setState(TaskState.FAILED)).build());

        // Were the cell still to show it RUNNING (its FAILED not applied yet), no stale figure goes with it.
        Job job = board.annotate(job(task(0, "m1", 1), task(1, "m1", 1)));
        assertThat(job.getTasks(0).hasUsage()).isTrue();
        assertThat(job.getTasks(1).hasUsage()).isFalse();
    }

    @Test
    void aCompleteListReplacesEverythingHeldAndForgetEmptiesTheBoard() {
        board.take(1, heartbeat("m1").addTasks(running("web", 0, 1)).addUsage(usage("web", 0, 1, 100))
                .setUsageComplete(true).build());
        board.take(1, heartbeat("m1").addTasks(running("web", 0, 1)).setUsageComplete(true).build());
        assertThat(board.annotate(job(task(0, "m1", 1))).getTasks(0).hasUsage()).isFalse();

        board.take(1, heartbeat("m1").addTasks(running("web", 0, 1)).addUsage(usage("web", 0, 1, 100))
                .setUsageComplete(true).build());
        board.forget();
        assertThat(board.annotate(job(task(0, "m1", 1))).getTasks(0).hasUsage()).isFalse();
        assertThat(board.take(1, heartbeat("m1").build())).isTrue();
    }

    @Test
    void hostileFiguresAreNamed() {
        assertThat(TaskUsageBoard.problemWith(heartbeat("m1").addTasks(running("web", 0, 1))
                .addUsage(usage("web", 0, 1, 100)).build())).isNull();
        assertThat(TaskUsageBoard.problemWith(heartbeat("m1").addTasks(running("web", 0, 1))
                .addUsage(usage("web", 0, 1, -5)).build()))
                .isEqualTo("usage[0].usage.cpu_millicores: must be a finite number >= 0 (task web/0)");
        assertThat(TaskUsageBoard.problemWith(heartbeat("m1").addTasks(running("web", 0, 1))
                .addUsage(TaskUsageReport.newBuilder().setJob("web").setUsage(TaskUsage.newBuilder().setCpuSeconds(Double.NaN)))
                .build())).contains("usage[0].usage.cpu_seconds");
        assertThat(TaskUsageBoard.problemWith(heartbeat("m1").addTasks(running("web", 0, 1))
                .addUsage(TaskUsageReport.newBuilder().setJob("web").setUsage(TaskUsage.newBuilder().setMemoryPeakBytes(-1)))
                .build())).contains("usage[0].usage.memory_peak_bytes");
        assertThat(TaskUsageBoard.problemWith(heartbeat("m1").addTasks(running("web", 0, 1))
                .addUsage(usage("web", 0, 1, 1)).addUsage(usage("web", 0, 1, 1)).build()))
                .isEqualTo("usage: lists 2 tasks but the heartbeat reports only 1");
    }

    private static HeartbeatRequest.Builder heartbeat(String machine) {
        return HeartbeatRequest.newBuilder().setMachineId(machine);
    }

    private static TaskReport running(String job, int index, int attempt) {
        return TaskReport.newBuilder().setJob(job).setIndex(index).setAttempt(attempt).setState(TaskState.RUNNING).build();
    }

    private static TaskUsageReport usage(String job, int index, int attempt, long millicores) {
        return TaskUsageReport.newBuilder().setJob(job).setIndex(index).setAttempt(attempt)
                .setUsage(TaskUsage.newBuilder().setCpuMillicores(millicores).setMemoryBytes(1 << 20)).build();
    }

    private static Task task(int index, String machine, int attempt) {
        return Task.newBuilder().setJob("web").setIndex(index).setMachineId(machine).setAttempt(attempt)
                .setState(TaskState.RUNNING).build();
    }

    private static Job job(Task... tasks) {
        Job.Builder job = Job.newBuilder();
        for (Task t : tasks) {
            job.addTasks(t);
        }
        return job.build();
    }
}
