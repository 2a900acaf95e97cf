package borgcell.borglet;

import static org.assertj.core.api.Assertions.assertThat;

import borgcell.api.v1.HeartbeatResponse;
import borgcell.api.v1.TaskAssignment;
import borgcell.api.v1.TaskKey;
import borgcell.api.v1.TaskTemplate;
import org.junit.jupiter.api.Test;

class DesiredSetTest {
    private final DesiredSet set = new DesiredSet();

    @Test
    void aFullAnswerReplacesTheSetAndItsVersion() {
        set.apply(full(10, task("a", 0, 1), task("a", 1, 1)));
        assertThat(set.apply(full(12, task("b", 0, 1)))).isEqualTo(DesiredSet.Answer.FULL);

        assertThat(set.version()).isEqualTo(12);
        assertThat(set.tasks()).extracting(TaskAssignment::getJob).containsExactly("b");
    }

    @Test
    void changesAddAndRemoveOnTopOfTheSetHeld() {
        set.apply(full(10, task("a", 0, 1), task("a", 1, 1)));

        DesiredSet.Answer kind = set.apply(HeartbeatResponse.newBuilder().setDesiredVersion(14)
                .addDesired(task("a", 0, 2)).addDesired(task("c", 0, 1))
                .addRemoved(key("a", 0, 1)).build());

        assertThat(kind).isEqualTo(DesiredSet.Answer.CHANGES);
        assertThat(set.version()).isEqualTo(14);
        assertThat(set.tasks()).extracting(t -> t.getJob() + "/" + t.getIndex() + "#" + t.getAttempt())
                .containsExactly("a/1#1", "a/0#2", "c/0#1");
        assertThat(set.tasks().get(2).getTemplate().getArgv(0)).as("an added task comes with its template").isEqualTo("/bin/c");
    }

    @Test
    void anEmptyAnswerChangesNothing() {
        set.apply(full(10, task("a", 0, 1)));

        assertThat(set.apply(HeartbeatResponse.newBuilder().setDesiredVersion(10).build()))
                .isEqualTo(DesiredSet.Answer.UNCHANGED);
        assertThat(set.version()).isEqualTo(10);
        assertThat(set.size()).isEqualTo(1);
    }

    @Test
    void changesThatDoNotFitTheSetHeldAskForTheWholeSetNext() {
        set.apply(full(10, task("a", 0, 1)));

        DesiredSet.Answer kind = set.apply(HeartbeatResponse.newBuilder().setDesiredVersion(11)
                .addRemoved(key("zz", 0, 1)).build());

        assertThat(kind).isEqualTo(DesiredSet.Answer.MISFIT);
        assertThat(set.version()).as("the next heartbeat names none").isZero();
    }

    @Test
    void aMasterWithoutVersionsIsReadAsAWholeSetEveryTime() {
        set.apply(full(10, task("a", 0, 1)));

        set.apply(HeartbeatResponse.newBuilder().addDesired(task("b", 0, 1)).build());

        assertThat(set.version()).isZero();
        assertThat(set.tasks()).extracting(TaskAssignment::getJob).containsExactly("b");
        assertThat(set.apply(HeartbeatResponse.getDefaultInstance())).isEqualTo(DesiredSet.Answer.FULL);
        assertThat(set.size()).as("an old master's empty list is an empty set").isZero();
    }

    @Test
    void afterRegisteringTheBorgletAsksForEverything() {
        set.apply(full(10, task("a", 0, 1)));
        set.askForAll();
        assertThat(set.version()).isZero();
        assertThat(set.size()).as("the tasks stay until the whole set comes").isEqualTo(1);
    }

    private static HeartbeatResponse full(long version, TaskAssignment... tasks) {
        return HeartbeatResponse.newBuilder().setFull(true).setDesiredVersion(version)
                .addAllDesired(java.util.List.of(tasks)).build();
    }

    static TaskAssignment task(String job, int index, int attempt) {
        return TaskAssignment.newBuilder().setJob(job).setIndex(index).setAttempt(attempt)
                .setTemplate(TaskTemplate.newBuilder().addArgv("/bin/" + job)).build();
    }

    private static TaskKey key(String job, int index, int attempt) {
        return TaskKey.newBuilder().setJob(job).setIndex(index).setAttempt(attempt).build();
    }
}
