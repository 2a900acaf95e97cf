package borgcell.cell;

import static borgcell.cell.Fixtures.spec;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import borgcell.api.v1.JobSpec;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** What a spec may say about named ports, checked before anything is written. */
class NamedPortsValidationTest {

    private static JobSpec.Builder withPorts(String... names) {
        return Fixtures.withPorts(spec("web", 1), names).toBuilder();
    }

    private static void rejects(JobSpec.Builder b, String message) {
        assertThatThrownBy(() -> JobSpecValidator.validate(b.build())).isInstanceOf(CellError.class).hasMessage(message);
    }

    private static JobSpec.Builder changed(JobSpec.Builder b, Consumer<JobSpec.Builder> change) {
        change.accept(b);
        return b;
    }

    @Test
    void namedPortsCountedInResourcesPass() {
        assertThatCode(() -> JobSpecValidator.validate(withPorts("http", "admin", "grpc-web", "a1234567890abcd").build()))
                .doesNotThrowAnyException();
        assertThatCode(() -> JobSpecValidator.validate(withPorts().build())).as("none at all").doesNotThrowAnyException();
    }

    @Test
    void badNamesAreRefusedNamingTheEntry() {
        String rule = "must be 1-15 characters of a-z, 0-9 and '-', starting with a letter";
        rejects(withPorts("http", "HTTP"), "spec.task.ports[1].name: " + rule + " (got \"HTTP\")");
        rejects(withPorts(""), "spec.task.ports[0].name: " + rule + " (got \"\")");
        rejects(withPorts("8080"), "spec.task.ports[0].name: " + rule + " (got \"8080\")");
        rejects(withPorts("a1234567890abcde"), "spec.task.ports[0].name: " + rule + " (got \"a1234567890abcde\")");
        rejects(withPorts("my_port"), "spec.task.ports[0].name: " + rule + " (got \"my_port\")");
        rejects(withPorts("a.b"), "spec.task.ports[0].name: " + rule + " (got \"a.b\")");
        rejects(withPorts("x\0y"), "spec.task.ports[0].name: " + rule + " (got \"x\0y\")");
        rejects(withPorts("h\u00e9llo"), "spec.task.ports[0].name: " + rule + " (got \"h\u00e9llo\")");
        rejects(withPorts("http", "admin", "http"), "spec.task.ports[2].name: \"http\" is named twice");
    }

    @Test
    void theCountIsBounded() {
        String[] names = new String[JobSpecContract.MAX_PORTS + 1];
        for (int i = 0; i < names.length; i++) {
            names[i] = "p" + i;
        }
        rejects(withPorts(names), "spec.task.ports: has 65 ports; at most 64");
        assertThatCode(() -> JobSpecValidator.validate(withPorts(java.util.Arrays.copyOf(names, 64)).build()))
                .doesNotThrowAnyException();
    }

    @Test
    void resourcesPortsMustBeTheirCount() {
        rejects(changed(withPorts("http", "admin"), b -> b.getTaskBuilder().getResourcesBuilder().setPorts(3)),
                "spec.task.resources.ports: must be the number of named ports in spec.task.ports (2), got 3");
        rejects(changed(withPorts(), b -> b.getTaskBuilder().getResourcesBuilder().setPorts(5)),
                "spec.task.resources.ports: must be the number of named ports in spec.task.ports (0), got 5");
        rejects(changed(withPorts("http"), b -> b.getTaskBuilder().getResourcesBuilder().setPorts(0)),
                "spec.task.resources.ports: must be the number of named ports in spec.task.ports (1), got 0");
        rejects(changed(withPorts(), b -> b.getTaskBuilder().getResourcesBuilder().setPorts(-1)),
                "spec.task.resources.ports: must be the number of named ports in spec.task.ports (0), got -1");
    }

    @Test
    void aTaskWithoutTheHostsNetworkHasNoPorts() {
        rejects(changed(withPorts("http"), b -> b.getTaskBuilder().setRuntime("container").setNetwork("none")),
                "spec.task.ports: a task with network \"none\" has no host ports to listen on");
        assertThatCode(() -> JobSpecValidator.validate(changed(withPorts("http"),
                b -> b.getTaskBuilder().setRuntime("container").setNetwork("host")).build())).doesNotThrowAnyException();
    }
}
