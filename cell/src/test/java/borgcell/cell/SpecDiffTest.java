package borgcell.cell;

import static org.assertj.core.api.Assertions.assertThat;

import borgcell.api.v1.Constraint;
import borgcell.api.v1.JobSpec;
import borgcell.api.v1.ReschedulePolicy;
import borgcell.api.v1.RestartPolicy;
import org.junit.jupiter.api.Test;

class SpecDiffTest {
    private static final JobSpec BASE = Fixtures.spec("web", 2).toBuilder()
            .setTask(Fixtures.spec("web", 2).getTask().toBuilder().clearArgv().addArgv("sleep").addArgv("10")
                    .putEnv("MODE", "fast").putEnv("OLD", "x"))
            .build();

    @Test
    void equalSpecsDifferInNothing() {
        assertThat(SpecDiff.between(BASE, BASE.toBuilder().build())).isEmpty();
    }

    @Test
    void eachChangedFieldIsOneLineNamedByItsPath() {
        JobSpec.Builder after = BASE.toBuilder().setPriority(200);
        after.getTaskBuilder().setArgv(1, "20").putEnv("MODE", "safe").removeEnv("OLD").putEnv("NEW", "with space")
                .getResourcesBuilder().setCpuMillis(750);
        after.getTaskBuilder().getRestartBuilder().setPolicy(RestartPolicy.ON_FAILURE);

        assertThat(SpecDiff.between(BASE, after.build())).containsExactly(
                "priority: 100 -> 200",
                "task.argv: [sleep, 10] -> [sleep, 20]",
                "task.env.MODE: fast -> safe",
                "task.env.NEW: none -> \"with space\"",
                "task.env.OLD: x -> none",
                "task.resources.cpu_millis: 500 -> 750",
                "task.restart: none -> {policy: ON_FAILURE}");
    }

    @Test
    void aPolicyAddedOrRemovedIsShownWhole() {
        JobSpec with = BASE.toBuilder().setReschedule(ReschedulePolicy.newBuilder().setMaxReschedules(0)).build();
        assertThat(SpecDiff.between(BASE, with)).containsExactly("reschedule: none -> {}");
        assertThat(SpecDiff.between(with, BASE)).containsExactly("reschedule: {} -> none");
        JobSpec five = BASE.toBuilder().setReschedule(ReschedulePolicy.newBuilder().setMaxReschedules(5)).build();
        assertThat(SpecDiff.between(with, five)).containsExactly("reschedule.max_reschedules: 0 -> 5");
    }

    @Test
    void listsOfMessagesAreShownAsLists() {
        JobSpec.Builder after = BASE.toBuilder();
        after.getTaskBuilder().addConstraints(Constraint.newBuilder().setAttribute("rack").setOp(Constraint.Operator.EQ)
                .addValues("r1"));
        assertThat(SpecDiff.between(BASE, after.build()))
                .containsExactly("task.constraints: [] -> [{attribute: \"rack\" op: EQ values: \"r1\"}]");
    }
}
