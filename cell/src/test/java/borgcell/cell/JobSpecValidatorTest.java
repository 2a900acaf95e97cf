package borgcell.cell;

import static borgcell.cell.Fixtures.spec;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import borgcell.api.v1.Constraint;
import borgcell.api.v1.JobSpec;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class JobSpecValidatorTest {

    private static void rejects(Consumer<JobSpec.Builder> change, String message) {
        JobSpec.Builder b = spec("web", 1).toBuilder();
        change.accept(b);
        assertThatThrownBy(() -> JobSpecValidator.validate(b.build())).isInstanceOf(CellError.class).hasMessage(message);
    }

    @Test
    void aGoodSpecPasses() {
        assertThatCode(() -> JobSpecValidator.validate(spec("web", 3))).doesNotThrowAnyException();
    }

    @Test
    void eachBadFieldIsNamed() {
        rejects(b -> b.setName("Web_1"), "spec.name: must be 1-63 characters of a-z, 0-9 and '-', starting and ending with a letter or digit (got \"Web_1\")");
        rejects(b -> b.setUser(""), "spec.user: must not be empty");
        rejects(b -> b.setPriority(-1), "spec.priority: must be between 0 and 1000 (got -1)");
        rejects(b -> b.setTaskCount(0), "spec.task_count: must be between 1 and 100000 (got 0)");
        rejects(b -> b.setTaskCount(100_001), "spec.task_count: must be between 1 and 100000 (got 100001)");
        rejects(JobSpec.Builder::clearTask, "spec.task: is required");
        rejects(b -> b.getTaskBuilder().clearArgv(), "spec.task.argv: must not be empty");
        rejects(b -> b.getTaskBuilder().setArgv(0, " "), "spec.task.argv[0]: must name the program to run");
        rejects(b -> b.getTaskBuilder().setRuntime("docker"), "spec.task.runtime: must be one of [process, microvm] (got \"docker\")".replace("[process, microvm]", JobSpecContract.RUNTIMES.toString()));
        rejects(b -> b.getTaskBuilder().setRuntime("container").setNetwork("bridge"),
                "spec.task.network: must be one of [host, none] (got \"bridge\")");
        rejects(b -> b.getTaskBuilder().setNetwork("none"), "spec.task.network: \"none\" needs runtime container (got runtime \"process\")");
        rejects(b -> b.getTaskBuilder().getResourcesBuilder().setCpuMillis(0), "spec.task.resources.cpu_millis: must be > 0 (got 0)");
        rejects(b -> b.getTaskBuilder().getResourcesBuilder().setCpuMillis(2_000_000_000L), "spec.task.resources.cpu_millis: must be <= 1000000000 (got 2000000000)");
        rejects(b -> b.getTaskBuilder().getResourcesBuilder().setCpuMillis(500).setCpuLimitMillis(200),
                "spec.task.resources.cpu_limit_millis: must be 0 (no limit) or between cpu_millis (500) and 1000000000 (got 200)");
        rejects(b -> b.getTaskBuilder().getResourcesBuilder().setCpuLimitMillis(-1),
                "spec.task.resources.cpu_limit_millis: must be 0 (no limit) or between cpu_millis (500) and 1000000000 (got -1)");
        rejects(b -> b.getTaskBuilder().getResourcesBuilder().setDiskBytes(-1), "spec.task.resources.disk_bytes: must be >= 0 (got -1)");
        rejects(b -> b.getTaskBuilder().putEnv("A=B", "x"), "spec.task.env: has an invalid variable name \"A=B\"");
        rejects(b -> b.getTaskBuilder().getRestartBuilder().setMaxAttempts(-2), "spec.task.restart.max_attempts: must be >= 0 (got -2)");
        rejects(b -> b.getTaskBuilder().addConstraints(Constraint.newBuilder().setAttribute("cores").setOp(Constraint.Operator.GT).addValues("many")),
                "spec.task.constraints[0].values: must be a number for GT (got \"many\")");
        rejects(b -> b.getTaskBuilder().addConstraints(Constraint.newBuilder().setAttribute("rack")),
                "spec.task.constraints[0].op: must be one of EQ, NE, IN, NOT_IN, EXISTS, LT, GT");
        rejects(b -> b.getRescheduleBuilder().setMaxReschedules(-1), "spec.reschedule.max_reschedules: must be >= 0 (got -1)");
        rejects(b -> b.getRescheduleBuilder().setMaxReschedules(1001), "spec.reschedule.max_reschedules: must be <= 1000 (got 1001)");
    }

    @Test
    void aReschedulePolicyOfZeroMeansNeverAndIsValid() {
        assertThatCode(() -> JobSpecValidator.validate(spec("web", 1).toBuilder()
                .setReschedule(borgcell.api.v1.ReschedulePolicy.newBuilder().setMaxReschedules(0)).build()))
                .doesNotThrowAnyException();
    }
}
