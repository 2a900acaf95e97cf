package borgcell.scheduler.feasibility;

import static borgcell.scheduler.Fixtures.machine;
import static borgcell.scheduler.Fixtures.task;
import static borgcell.scheduler.Fixtures.withRuntime;
import static borgcell.scheduler.Fixtures.withRuntimes;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RuntimeOfferedTest {

    private final RuntimeOffered check = new RuntimeOffered();

    @Test
    void aMachineOfferingTheRuntimeIsAdmitted() {
        var m = withRuntimes(machine("m1", 4, 8), "process", "microvm");
        assertThat(check.check(withRuntime(task("web", 0, 1, 1), "microvm"), m)).isEmpty();
    }

    @Test
    void aMachineWithoutTheRuntimeIsRejectedNamingIt() {
        var m = withRuntimes(machine("m1", 4, 8), "process");
        assertThat(check.check(withRuntime(task("web", 0, 1, 1), "microvm"), m))
                .map(Rejection::reason).contains("runtime microvm not offered");
    }

    @Test
    void aMachineOfferingNoRuntimeAtAllIsRejected() {
        var m = withRuntimes(machine("m1", 4, 8));
        assertThat(check.check(task("web", 0, 1, 1), m)).map(Rejection::reason).contains("runtime process not offered");
    }

    @Test
    void aTaskNamingNoRuntimeRunsInTheDefaultOfAnyMachine() {
        assertThat(check.check(withRuntime(task("web", 0, 1, 1), ""), withRuntimes(machine("m1", 4, 8), "process"))).isEmpty();
        assertThat(check.check(withRuntime(task("web", 0, 1, 1), ""), withRuntimes(machine("m2", 4, 8), "container", "process")))
                .isEmpty();
    }
}
