package borgcell.cell;

import static borgcell.cell.Fixtures.assign;
import static borgcell.cell.Fixtures.kill;
import static borgcell.cell.Fixtures.register;
import static borgcell.cell.Fixtures.report;
import static borgcell.cell.Fixtures.spec;
import static borgcell.cell.Fixtures.submit;
import static org.assertj.core.api.Assertions.assertThat;

import borgcell.api.v1.Endpoint;
import borgcell.api.v1.Endpoints;
import borgcell.api.v1.JobSpec;
import borgcell.api.v1.TaskReport;
import borgcell.api.v1.TaskState;
import borgcell.api.v1.raft.Command;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A job's endpoints are its ready tasks, nothing else. */
class JobEndpointsTest {
    private final Cell cell = new Cell();
    private long index = 0;

    private void apply(Command c) {
        cell.apply(++index, c);
    }

    private Endpoints endpoints() {
        return JobEndpoints.of(cell, cell.job("web").orElseThrow(), "local");
    }

    @Test
    void onlyReadyTasksAreEndpoints() {
        apply(register("m1", 8000, 8 * Fixtures.GI)); // index 1
        JobSpec.Builder spec = Fixtures.withPorts(spec("web", 3), "http").toBuilder();
        spec.getTaskBuilder().setReadiness(borgcell.api.v1.HealthCheck.newBuilder()
                .setTcp(borgcell.api.v1.TcpProbe.newBuilder().setPort("http")));
        apply(submit("r1", spec.build())); // index 2
        for (int i = 0; i < 3; i++) {
            apply(assign("web", i, 2, "m1", 1));
        }
        assertThat(endpoints().getEndpointsList()).as("assigned, not running").isEmpty();

        apply(Fixtures.at(4000).taskStatus("m1", List.of(TaskReport.newBuilder().setJob("web").setIndex(0).setAttempt(1)
                .setState(TaskState.RUNNING).setReady(false).build())));
        apply(Fixtures.at(4000).taskStatus("m1", List.of(TaskReport.newBuilder().setJob("web").setIndex(1).setAttempt(1)
                .setState(TaskState.RUNNING).setReady(true).build())));
        Endpoints some = endpoints();
        assertThat(some.getEndpointsList()).as("task 0 runs but its readiness check has not passed").singleElement()
                .satisfies(e -> {
                    assertThat(e.getIndex()).isEqualTo(1);
                    assertThat(e.getAddress()).isEqualTo("127.0.0.1");
                    assertThat(e.getMachineId()).isEqualTo("m1");
                    assertThat(e.getDnsName()).isEqualTo("1.web.alice.local.borg");
                    assertThat(e.getPortsList()).singleElement().satisfies(p -> assertThat(p.getName()).isEqualTo("http"));
                });
        assertThat(some.getJob()).isEqualTo("web");
        assertThat(some.getUser()).isEqualTo("alice");
        assertThat(some.getCell()).isEqualTo("local");
        assertThat(JobEndpoints.task(cell, cell.job("web").orElseThrow(), 1, "local")).map(Endpoint::getIndex).hasValue(1);
        assertThat(JobEndpoints.task(cell, cell.job("web").orElseThrow(), 0, "local")).isEmpty();
        assertThat(JobEndpoints.task(cell, cell.job("web").orElseThrow(), 3, "local")).isEmpty();

        apply(kill("web"));
        assertThat(endpoints().getEndpointsList()).as("a killed job has none").isEmpty();
    }
}
