package borgcell.faults.check;

import static borgcell.faults.check.Histories.get;
import static borgcell.faults.check.Histories.getMissing;
import static borgcell.faults.check.Histories.kill;
import static borgcell.faults.check.Histories.killUnknown;
import static borgcell.faults.check.Histories.list;
import static borgcell.faults.check.Histories.submit;
import static borgcell.faults.check.Histories.submitUnknown;
import static borgcell.faults.check.Histories.view;
import static org.assertj.core.api.Assertions.assertThat;

import borgcell.faults.history.Life;
import borgcell.faults.history.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinearizabilityCheckTest {

    private static List<Finding> check(Operation... ops) {
        return LinearizabilityCheck.check(List.of(ops)).findings();
    }

    @Test
    void aJobSubmittedReadKilledAndReadAgainInTurnIsLinearizable() {
        assertThat(check(
                submit("a", 0, 10, Life.RUNNING, 5, false),
                get("a", 20, 30, Life.RUNNING, 7),
                kill("a", 40, 50, Life.KILLED, 9),
                get("a", 60, 70, Life.KILLED, 9))).isEmpty();
    }

    @Test
    void aReadConcurrentWithTheSubmitMaySeeTheJobOrNot() {
        assertThat(check(
                submit("a", 0, 100, Life.RUNNING, 5, false),
                getMissing("a", 10, 20),
                get("a", 30, 40, Life.RUNNING, 5))).isEmpty();
    }

    @Test
    void aJobMayFinishByItselfBetweenReads() {
        assertThat(check(
                submit("a", 0, 10, Life.RUNNING, 5, false),
                get("a", 20, 30, Life.RUNNING, 8),
                get("a", 40, 50, Life.FINISHED, 12),
                kill("a", 60, 70, Life.FINISHED, 12))).isEmpty();
    }

    @Test
    void aRetryAnsweredAsDuplicateIsTheSameJob() {
        assertThat(check(
                submit("a", 0, 500, Life.RUNNING, 5, true),
                get("a", 600, 700, Life.RUNNING, 5))).isEmpty();
    }

    @Test
    void aReadMaySeeTheJobBetweenTheAttemptThatMadeItAndTheRetryAnsweredDuplicate() {
        // Found by seed 1: the first attempt created the job at 739, a list saw it, the retry answered at 755.
        assertThat(check(
                getMissing("a", 0, 10),
                submit("a", 20, 3_000, Life.RUNNING, 755, true),
                list(1_000, 1_200, Map.of("a", view("a", Life.RUNNING, 739))),
                get("a", 4_000, 4_100, Life.RUNNING, 777))).isEmpty();
    }

    @Test
    void aRetryAnsweredDuplicateStillMayNotGoBackInVersion() {
        assertThat(check(
                submit("a", 20, 3_000, Life.RUNNING, 755, true),
                get("a", 4_000, 4_100, Life.RUNNING, 739))).hasSize(1);
    }

    @Test
    void aSubmitWithNoAnswerMayHaveHappenedOrNot() {
        assertThat(check(submitUnknown("a", 0, 30_000), get("a", 100, 200, Life.RUNNING, 5))).isEmpty();
        assertThat(check(submitUnknown("b", 0, 30_000), getMissing("b", 40_000, 40_100))).isEmpty();
    }

    @Test
    void aKillWithNoAnswerMayHaveHappenedOrNot() {
        assertThat(check(
                submit("a", 0, 10, Life.RUNNING, 5, false),
                killUnknown("a", 20, 30),
                get("a", 40, 50, Life.KILLED, 9))).isEmpty();
    }

    @Test
    void listsAreReadsOfEveryJobTheyNameAndOfNoneTheyOmit() {
        assertThat(check(
                submit("a", 0, 10, Life.RUNNING, 5, false),
                list(20, 30, Map.of("a", view("a", Life.RUNNING, 5))))).isEmpty();
        assertThat(check(
                submit("b", 0, 10, Life.RUNNING, 5, false),
                list(20, 30, Map.of()))).hasSize(1);
    }

    @Test
    void anAcknowledgedJobThatAReadLaterMissesIsRejected() {
        assertThat(check(
                submit("a", 0, 10, Life.RUNNING, 5, false),
                getMissing("a", 20, 30))).singleElement().extracting(Finding::kind).isEqualTo("linearizability");
    }

    @Test
    void aReadThatGoesBackInVersionIsRejected() {
        assertThat(check(
                submit("a", 0, 10, Life.RUNNING, 5, false),
                get("a", 20, 30, Life.RUNNING, 9),
                get("a", 40, 50, Life.RUNNING, 7))).hasSize(1);
    }

    @Test
    void aKilledJobSeenRunningAfterTheKillIsRejected() {
        assertThat(check(
                submit("a", 0, 10, Life.RUNNING, 5, false),
                kill("a", 20, 30, Life.KILLED, 9),
                get("a", 40, 50, Life.RUNNING, 11))).hasSize(1);
    }

    @Test
    void aFinishedJobSeenRunningAgainIsRejected() {
        assertThat(check(
                submit("a", 0, 10, Life.RUNNING, 5, false),
                get("a", 20, 30, Life.FINISHED, 9),
                get("a", 40, 50, Life.RUNNING, 12))).hasSize(1);
    }

    @Test
    void aJobKilledWithoutAKillIsRejected() {
        assertThat(check(
                submit("a", 0, 10, Life.RUNNING, 5, false),
                get("a", 20, 30, Life.KILLED, 9))).hasSize(1);
    }

    @Test
    void twoSubmitsThatBothCreatedTheJobAreRejected() {
        assertThat(check(
                submit("a", 0, 10, Life.RUNNING, 5, false),
                submit("a", 20, 30, Life.RUNNING, 8, false))).hasSize(1);
    }

    @Test
    void twoLivesAtOneVersionAreRejected() {
        assertThat(check(
                submit("a", 0, 10, Life.RUNNING, 5, false),
                get("a", 20, 30, Life.FINISHED, 5))).hasSize(1);
    }

    @Test
    void readsOverlappingInTimeMayBeOrderedEitherWay() {
        assertThat(check(
                submit("a", 0, 10, Life.RUNNING, 5, false),
                get("a", 20, 60, Life.RUNNING, 9),
                get("a", 30, 50, Life.RUNNING, 7))).isEmpty();
    }

    @Test
    void aLongConcurrentHistoryIsCheckedQuickly() {
        List<Operation> ops = new ArrayList<>();
        ops.add(submit("a", 0, 10, Life.RUNNING, 5, false));
        for (int i = 0; i < 2000; i++) {
            // Reads overlapping their neighbours, versions rising: many orders to consider.
            ops.add(get("a", 20 + i * 5L, 40 + i * 5L, Life.RUNNING, 5 + i));
        }
        long started = System.nanoTime();
        LinearizabilityCheck.Result result = LinearizabilityCheck.check(ops);
        assertThat(result.findings()).isEmpty();
        assertThat(result.jobsGivenUp()).isZero();
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);
    }
}
