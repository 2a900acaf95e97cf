package borgcell.master.api;

import static org.assertj.core.api.Assertions.assertThat;

import borgcell.api.v1.HeartbeatResponse;
import borgcell.api.v1.TaskAssignment;
import borgcell.api.v1.TaskKey;
import borgcell.api.v1.TaskTemplate;
import java.util.List;
import org.junit.jupiter.api.Test;

class DesiredSetAnswersTest {
    private final DesiredSetAnswers answers = new DesiredSetAnswers();

    @Test
    void aBorgletWithoutAVersionGetsTheWholeSet() {
        HeartbeatResponse a = answers.answer("m1", 0, 7, List.of(task("a", 0, 1))).build();

        assertThat(a.getFull()).isTrue();
        assertThat(a.getDesiredVersion()).isEqualTo(7);
        assertThat(a.getDesiredList()).extracting(TaskAssignment::getJob).containsExactly("a");
    }

    @Test
    void theCurrentVersionGetsNothing() {
        answers.answer("m1", 0, 7, List.of(task("a", 0, 1)));

        HeartbeatResponse a = answers.answer("m1", 7, 7, List.of(task("a", 0, 1))).build();

        assertThat(a.getFull()).isFalse();
        assertThat(a.getDesiredVersion()).isEqualTo(7);
        assertThat(a.getDesiredCount() + a.getRemovedCount()).isZero();
    }

    @Test
    void aRememberedVersionGetsTheChangesSinceWithTheAddedTasksTemplates() {
        answers.answer("m1", 0, 7, List.of(task("a", 0, 1), task("a", 1, 1)));

        HeartbeatResponse a = answers.answer("m1", 7, 9, List.of(task("a", 1, 1), task("a", 0, 2), task("b", 0, 1))).build();

        assertThat(a.getFull()).isFalse();
        assertThat(a.getDesiredVersion()).isEqualTo(9);
        assertThat(a.getDesiredList()).extracting(t -> t.getJob() + "/" + t.getIndex() + "#" + t.getAttempt())
                .containsExactly("a/0#2", "b/0#1");
        assertThat(a.getDesiredList()).allSatisfy(t -> assertThat(t.hasTemplate()).isTrue());
        assertThat(a.getRemovedList()).containsExactly(key("a", 0, 1));
    }

    @Test
    void aVersionNotRememberedGetsTheWholeSet() {
        answers.answer("m1", 0, 7, List.of(task("a", 0, 1)));
        answers.answer("m1", 7, 9, List.of(task("b", 0, 1))); // an answer the Borglet never got

        HeartbeatResponse a = answers.answer("m1", 7, 11, List.of(task("c", 0, 1))).build();

        assertThat(a.getFull()).isTrue();
        assertThat(a.getDesiredList()).extracting(TaskAssignment::getJob).containsExactly("c");
    }

    @Test
    void aNewLeaderAnswersTheCurrentVersionWithNothingAndItsNextChangeAsAChange() {
        DesiredSetAnswers newLeader = new DesiredSetAnswers();
        assertThat(newLeader.answer("m1", 7, 7, List.of(task("a", 0, 1))).getDesiredCount()).isZero();

        HeartbeatResponse a = newLeader.answer("m1", 7, 8, List.of()).build();

        assertThat(a.getFull()).isFalse();
        assertThat(a.getRemovedList()).containsExactly(key("a", 0, 1));
    }

    @Test
    void aLeaderBehindTheBorgletLeavesItsSetAlone() {
        HeartbeatResponse a = answers.answer("m1", 12, 9, List.of(task("old", 0, 1))).build();

        assertThat(a.getFull()).isFalse();
        assertThat(a.getDesiredVersion()).as("the Borglet keeps naming its own").isEqualTo(12);
        assertThat(a.getDesiredCount() + a.getRemovedCount()).isZero();
    }

    @Test
    void aMachineWhoseSetHasNoVersionIsAlwaysAnsweredInFull() {
        HeartbeatResponse a = answers.answer("m1", 0, 0, List.of(task("a", 0, 1))).build();

        assertThat(a.getFull()).isTrue();
        assertThat(a.getDesiredVersion()).isZero();
        assertThat(a.getDesiredCount()).isEqualTo(1);
    }

    @Test
    void theSetIsNeededUnlessTheBorgletHoldsARememberedVersionOrIsAhead() {
        assertThat(answers.needsDesired("m1", 7, 7)).as("held, but not remembered by this leader").isTrue();
        answers.answer("m1", 0, 7, List.of(task("a", 0, 1)));

        assertThat(answers.needsDesired("m1", 7, 7)).as("held and remembered: nothing to send").isFalse();
        assertThat(answers.needsDesired("m1", 9, 7)).as("the Borglet is ahead").isFalse();
        assertThat(answers.needsDesired("m1", 7, 9)).as("changed since").isTrue();
        assertThat(answers.needsDesired("m1", 0, 7)).as("a Borglet starting afresh").isTrue();
        assertThat(answers.needsDesired("m1", 0, 0)).as("a set without a version").isTrue();
    }

    @Test
    void anUnreadSetAtTheHeldVersionIsAnsweredWithNothing() {
        answers.answer("m1", 0, 7, List.of(task("a", 0, 1)));

        HeartbeatResponse a = answers.answer("m1", 7, 7, null).build();

        assertThat(a.getDesiredVersion()).isEqualTo(7);
        assertThat(a.getDesiredCount() + a.getRemovedCount()).isZero();
        assertThat(answers.answer("m1", 7, 8, List.of()).getRemovedList()).containsExactly(key("a", 0, 1));
    }

    @Test
    void forgettingDropsWhatWasRemembered() {
        answers.answer("m1", 0, 7, List.of(task("a", 0, 1)));
        answers.forget();

        assertThat(answers.size()).isZero();
        assertThat(answers.answer("m1", 7, 8, List.of()).getFull()).isTrue();
    }

    private static TaskAssignment task(String job, int index, int attempt) {
        return TaskAssignment.newBuilder().setJob(job).setIndex(index).setAttempt(attempt)
                .setTemplate(TaskTemplate.newBuilder().addArgv("/bin/" + job)).build();
    }

    private static TaskKey key(String job, int index, int attempt) {
        return TaskKey.newBuilder().setJob(job).setIndex(index).setAttempt(attempt).build();
    }
}
