package borgcell.faults.check;

import static borgcell.faults.check.Histories.kill;
import static borgcell.faults.check.Histories.submit;
import static borgcell.faults.check.Histories.submitUnknown;
import static org.assertj.core.api.Assertions.assertThat;

import borgcell.api.v1.TaskState;
import borgcell.faults.history.JobView;
import borgcell.faults.history.Life;
import borgcell.faults.history.OpKind;
import borgcell.faults.history.Operation;
import borgcell.faults.history.Outcome;
import borgcell.faults.history.TaskView;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndStateCheckTest {

    private static ReplicaState replica(String id, long index, JobView... jobs) {
        Map<String, JobView> byName = new java.util.TreeMap<>();
        Map<String, String> requests = new java.util.TreeMap<>();
        for (JobView j : jobs) {
            byName.put(j.name(), j);
            requests.put(j.requestId(), j.name());
        }
        return new ReplicaState(id, index, byName, requests);
    }

    private static JobView job(String name, Life life, TaskState task) {
        return new JobView(name, life, 9, 1000, "req-" + name, List.of(new TaskView(0, task, "m1", 1)));
    }

    private static List<ReplicaState> everywhere(JobView... jobs) {
        return List.of(replica("r1", 40, jobs), replica("r2", 40, jobs), replica("r3", 40, jobs));
    }

    @Test
    void everyAcknowledgedJobOnEveryReplicaOnceIsSafe() {
        EndStateCheck.Result result = EndStateCheck.check(
                List.of(submit("a", 0, 10, Life.RUNNING, 5, false), submitUnknown("b", 0, 10)),
                everywhere(job("a", Life.FINISHED, TaskState.SUCCEEDED)));

        assertThat(result.findings()).isEmpty();
        assertThat(result.acknowledged()).isEqualTo(1);
        assertThat(result.lost()).isZero();
    }

    @Test
    void anAcknowledgedJobMissingOnOneReplicaIsLost() {
        JobView a = job("a", Life.FINISHED, TaskState.SUCCEEDED);
        EndStateCheck.Result result = EndStateCheck.check(List.of(submit("a", 0, 10, Life.RUNNING, 5, false)),
                List.of(replica("r1", 40, a), replica("r2", 41), replica("r3", 40, a)));

        assertThat(result.lost()).isEqualTo(1);
        assertThat(result.findings()).extracting(Finding::kind).contains("lost", "not-caught-up");
    }

    @Test
    void replicasAtOneIndexWithDifferentStatesHaveDiverged() {
        EndStateCheck.Result result = EndStateCheck.check(List.of(submit("a", 0, 10, Life.RUNNING, 5, false)),
                List.of(replica("r1", 40, job("a", Life.FINISHED, TaskState.SUCCEEDED)),
                        replica("r2", 40, job("a", Life.RUNNING, TaskState.RUNNING))));

        assertThat(result.findings()).extracting(Finding::kind).containsExactly("diverged");
    }

    @Test
    void aJobReplacedUnderTheSameNameCountsAsDuplicated() {
        JobView replaced = new JobView("a", Life.RUNNING, 30, 2000, "req-a", List.of());
        EndStateCheck.Result result = EndStateCheck.check(List.of(submit("a", 0, 10, Life.RUNNING, 5, false)),
                everywhere(replaced));

        assertThat(result.duplicated()).isEqualTo(1);
    }

    @Test
    void aRetryRefusedAsAlreadyExistingCountsAsDuplicated() {
        Operation refused = new Operation(99, "c1", OpKind.SUBMIT, "a", "req-a", 0, 10,
                new Outcome.Refused("ALREADY_EXISTS", "job a already exists"), List.of("DEADLINE_EXCEEDED"));
        EndStateCheck.Result result = EndStateCheck.check(List.of(refused),
                everywhere(job("a", Life.RUNNING, TaskState.RUNNING)));

        assertThat(result.duplicated()).isEqualTo(1);
    }

    @Test
    void aKilledJobWhoseTaskRunsAgainCameBack() {
        EndStateCheck.Result result = EndStateCheck.check(
                List.of(submit("a", 0, 10, Life.RUNNING, 5, false), kill("a", 20, 30, Life.KILLED, 9)),
                everywhere(job("a", Life.KILLED, TaskState.RUNNING)));

        assertThat(result.findings()).extracting(Finding::kind).containsOnly("killed-came-back").hasSize(3);
    }

    @Test
    void aJobNobodySubmittedIsAPhantom() {
        EndStateCheck.Result result = EndStateCheck.check(List.of(),
                List.of(replica("r1", 40, job("x", Life.RUNNING, TaskState.RUNNING))));

        assertThat(result.findings()).extracting(Finding::kind).containsExactly("phantom");
    }
}
