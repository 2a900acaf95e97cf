package borgcell.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import borgcell.api.v1.JobPlan;
import borgcell.api.v1.PendingTask;
import borgcell.api.v1.PlannedEviction;
import borgcell.api.v1.PlannedPlacement;
import org.junit.jupiter.api.Test;

class PlanViewTest {

    @Test
    void aNewJobShowsWhereEachTaskGoesWhatItPreemptsAndWhatWaits() {
        JobPlan plan = JobPlan.newBuilder().setJob("web").setCreates(true)
                .addPlacements(PlannedPlacement.newBuilder().setIndex(0).setMachineId("m1"))
                .addPlacements(PlannedPlacement.newBuilder().setIndex(1).setMachineId("m2"))
                .addEvictions(PlannedEviction.newBuilder().setJob("batch").setIndex(4).setMachineId("m2")
                        .setReason("preempted by web/1 (priority 200, production)"))
                .addPending(PendingTask.newBuilder().setIndex(2).setReason("0/3 machines fit: 3 insufficient cpu"))
                .build();

        assertThat(PlanView.render(plan, 3)).isEqualTo("""
                + create job web (3 tasks)

                Scheduler dry run:
                Placements:
                  task 0 -> m1
                  task 1 -> m2
                Evictions:
                  batch/4 on m2: preempted by web/1 (priority 200, production)
                Pending:
                  task 2: 0/3 machines fit: 3 insufficient cpu
                """);
    }

    @Test
    void aChangeToARunningJobShowsItsDiffAndARefusalWhy() {
        JobPlan plan = JobPlan.newBuilder().setJob("web").setCurrentVersion(2)
                .addDiff("task.argv: [sleep, 10] -> [sleep, 20]")
                .addRefused("job \"web\" already exists and is running; kill it first or choose another name")
                .build();

        assertThat(PlanView.render(plan, 1)).isEqualTo("""
                ~ change job web (version 2)
                  ~ task.argv: [sleep, 10] -> [sleep, 20]

                Refused:
                  job "web" already exists and is running; kill it first or choose another name
                """);
    }

    @Test
    void aJobPlacedWholeSaysSo() {
        JobPlan plan = JobPlan.newBuilder().setJob("one").setCreates(true)
                .addPlacements(PlannedPlacement.newBuilder().setIndex(0).setMachineId("m3")).build();

        assertThat(PlanView.render(plan, 1)).isEqualTo("""
                + create job one (1 task)

                Scheduler dry run:
                  every task placed
                Placements:
                  task 0 -> m3
                """);
    }
}
