package borgcell.borglet.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import borgcell.api.v1.TaskAssignment;
import borgcell.api.v1.TaskReport;
import borgcell.api.v1.TaskState;
import borgcell.api.v1.TaskTemplate;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TaskTableTest {

    private final ScriptedRuntime runtime = ScriptedRuntime.runningUntilKilled();
    private final TaskTable table = new TaskTable("m1", Path.of("/work/tasks"), Map.of("process", runtime),
            command -> Thread.ofVirtual().start(command));

    @Test
    void startsEachDesiredTaskOnceInItsOwnDirectory() {
        table.reconcile(List.of(assignment("web", 0, 1), assignment("web", 1, 1)));
        table.reconcile(List.of(assignment("web", 0, 1), assignment("web", 1, 1)));

        await().until(() -> runtime.starts() == 2);
        assertThat(runtime.launches).extracting(l -> l.taskDir().toString())
                .containsExactlyInAnyOrder("/work/tasks/web.0.1", "/work/tasks/web.1.1");
        assertThat(table.reports()).extracting(TaskReport::getState).containsOnly(TaskState.RUNNING);
    }

    @Test
    void killsAHeldTaskThatIsNoLongerDesiredAndDropsItOnceItIsOver() throws Exception {
        table.reconcile(List.of(assignment("web", 0, 1)));
        await().until(() -> runtime.starts() == 1);

        table.reconcile(List.of());
        table.get(new TaskKey("web", 0, 1)).finished().get(5, TimeUnit.SECONDS);

        assertThat(table.reports()).singleElement().extracting(TaskReport::getState).isEqualTo(TaskState.KILLED);
        table.reconcile(List.of());
        assertThat(table.reports()).isEmpty();
    }

    @Test
    void aNewAttemptReplacesTheStaleOne() throws Exception {
        table.reconcile(List.of(assignment("web", 0, 1)));
        await().until(() -> runtime.starts() == 1);

        table.reconcile(List.of(assignment("web", 0, 2)));

        table.get(new TaskKey("web", 0, 1)).finished().get(5, TimeUnit.SECONDS);
        await().until(() -> runtime.starts() == 2);
        assertThat(table.reports()).extracting(TaskReport::getAttempt, TaskReport::getState)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(1, TaskState.KILLED),
                        org.assertj.core.groups.Tuple.tuple(2, TaskState.RUNNING));
    }

    @Test
    void aFinishedTaskThatIsStillDesiredIsNotStartedAgain() throws Exception {
        ScriptedRuntime exitsAtOnce = new ScriptedRuntime(0);
        TaskTable table = new TaskTable("m1", Path.of("/work/tasks"), Map.of("process", exitsAtOnce),
                command -> Thread.ofVirtual().start(command));
        table.reconcile(List.of(assignment("batch", 0, 1)));
        table.get(new TaskKey("batch", 0, 1)).finished().get(5, TimeUnit.SECONDS);

        table.reconcile(List.of(assignment("batch", 0, 1)));
        table.reconcile(List.of(assignment("batch", 0, 1)));

        assertThat(exitsAtOnce.starts()).isEqualTo(1);
        assertThat(table.reports()).singleElement().extracting(TaskReport::getState).isEqualTo(TaskState.SUCCEEDED);
    }

    @Test
    void aTaskForARuntimeThisMachineLacksFailsWithAReason() throws Exception {
        TaskAssignment vm = assignment("vm", 0, 1).toBuilder()
                .setTemplate(TaskTemplate.newBuilder().addArgv("/hello").setRuntime("microvm")).build();

        table.reconcile(List.of(vm));
        TaskReport last = table.get(TaskKey.of(vm)).finished().get(5, TimeUnit.SECONDS);

        assertThat(last.getState()).isEqualTo(TaskState.FAILED);
        assertThat(last.getMessage()).isEqualTo("runtime 'microvm' is not available on machine m1");
        assertThat(runtime.starts()).isZero();
    }

    @Test
    void aTaskNamingNoRuntimeRunsInAContainerWhereOfferedAndAsAProcessElsewhere() throws Exception {
        ScriptedRuntime container = ScriptedRuntime.runningUntilKilled();
        TaskTable withContainers = new TaskTable("m2", Path.of("/work/tasks"), Map.of("process", runtime, "container", container),
                command -> Thread.ofVirtual().start(command));
        TaskAssignment unnamed = assignment("web", 0, 1).toBuilder()
                .setTemplate(TaskTemplate.newBuilder().addArgv("/hello")).build();

        withContainers.reconcile(List.of(unnamed));
        table.reconcile(List.of(unnamed));

        await().until(() -> container.starts() == 1 && runtime.starts() == 1);
        assertThat(TaskTable.defaultAmong(List.of("process", "microvm", "container"))).contains("container");
        assertThat(TaskTable.defaultAmong(List.of("process", "microvm"))).contains("process");
        withContainers.killAll().get(5, TimeUnit.SECONDS);
    }

    @Test
    void aJobNameCannotLeaveTheTasksDirectory() {
        assertThat(new TaskKey("../../etc", 0, 1).directoryName()).isEqualTo(".._.._etc.0.1");
    }

    @Test
    void killAllEndsEveryTaskAndRefusesNewOnes() throws Exception {
        table.reconcile(List.of(assignment("web", 0, 1), assignment("web", 1, 1)));
        await().until(() -> runtime.starts() == 2);

        table.killAll().get(5, TimeUnit.SECONDS);
        table.reconcile(List.of(assignment("web", 2, 1)));

        assertThat(table.reports()).extracting(TaskReport::getState).containsOnly(TaskState.KILLED);
        assertThat(runtime.starts()).isEqualTo(2);
    }

    private static TaskAssignment assignment(String job, int index, int attempt) {
        return TaskAssignment.newBuilder().setJob(job).setIndex(index).setAttempt(attempt)
                .setTemplate(TaskTemplate.newBuilder().addArgv("/bin/true")).build();
    }
}
