package borgcell.cli.job;

import static borgcell.cli.BorgRun.borg;
import static org.assertj.core.api.Assertions.assertThat;

import borgcell.api.v1.AllocatedPort;
import borgcell.api.v1.Endpoint;
import borgcell.api.v1.Endpoints;
import borgcell.api.v1.Job;
import borgcell.api.v1.JobSpec;
import borgcell.api.v1.PortSpec;
import borgcell.api.v1.Task;
import borgcell.api.v1.TaskState;
import borgcell.api.v1.TaskTemplate;
import borgcell.cli.BorgRun;
import borgcell.cli.ExitCodes;
import borgcell.cli.FakeMaster;
import borgcell.cli.output.Views;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code borg job endpoints} and the ports in {@code borg job status}. */
class JobEndpointsCommandTest {
    private static final Endpoints TWO = Endpoints.newBuilder().setJob("web").setUser("alice").setCell("local")
            .addEndpoints(endpoint(0, "m1", 20000, 20001))
            .addEndpoints(endpoint(2, "m2", 21000, 21001))
            .build();

    private static Endpoint endpoint(int index, String machine, int http, int admin) {
        return Endpoint.newBuilder().setIndex(index).setMachineId(machine).setAddress("127.0.0.1")
                .addPorts(AllocatedPort.newBuilder().setName("http").setPort(http))
                .addPorts(AllocatedPort.newBuilder().setName("admin").setPort(admin))
                .setDnsName(index + ".web.alice.local.borg").build();
    }

    @Test
    void listsEachReadyTaskWithItsPortsAndNamesAndTheSrvNamesToAskDnsFor() throws Exception {
        try (FakeMaster master = new FakeMaster(false)) {
            master.endpoints.put("web", List.of(TWO));
            BorgRun run = borg("job", "endpoints", "web", "--master", master.address());

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out().lines().toList()).containsSubsequence(
                    "job web   user alice   cell local   2 ready",
                    "SRV _http._tcp.web.alice.local.borg",
                    "SRV _admin._tcp.web.alice.local.borg");
            assertThat(run.out()).containsPattern("INDEX +MACHINE +ADDRESS +PORTS +DNS")
                    .containsPattern("\n0 +m1 +127\\.0\\.0\\.1 +http=20000,admin=20001 +0\\.web\\.alice\\.local\\.borg\n")
                    .containsPattern("\n2 +m2 +127\\.0\\.0\\.1 +http=21000,admin=21001 +2\\.web\\.alice\\.local\\.borg\n");
        }
    }

    @Test
    void noneReadySaysSoAndAnUnknownJobIsNotFound() throws Exception {
        try (FakeMaster master = new FakeMaster(false)) {
            master.endpoints.put("web", List.of(TWO.toBuilder().clearEndpoints().build()));
            assertThat(borg("job", "endpoints", "web", "--master", master.address()).out())
                    .isEqualTo("job web   user alice   cell local   0 ready\n");

            BorgRun unknown = borg("job", "endpoints", "nosuch", "--master", master.address());
            assertThat(unknown.exitCode()).isEqualTo(ExitCodes.FAILURE);
            assertThat(unknown.err()).isEqualTo("borg: NOT_FOUND: job \"nosuch\" not found\n");
        }
    }

    @Test
    void aWatchPrintsEveryChangeUntilTheJobEnds() throws Exception {
        try (FakeMaster master = new FakeMaster(false)) {
            Endpoints gone = TWO.toBuilder().clearEndpoints().build();
            master.endpoints.put("web", List.of(TWO, TWO.toBuilder().removeEndpoints(1).build(), gone));
            BorgRun run = borg("job", "endpoints", "web", "-w", "-o", "json", "--master", master.address());

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out().split("\n\n")).hasSize(3);
            assertThat(run.out()).contains("\"dnsName\": \"2.web.alice.local.borg\"");
        }
    }

    @Test
    void jobStatusShowsEachTasksPortsWhenTheJobNamesAny() {
        Job job = Job.newBuilder().setSpec(JobSpec.newBuilder().setName("web").setUser("alice").setTaskCount(2)
                        .setTask(TaskTemplate.newBuilder().addPorts(PortSpec.newBuilder().setName("http"))))
                .addTasks(Task.newBuilder().setIndex(0).setState(TaskState.RUNNING).setMachineId("m1").setAttempt(1)
                        .addPorts(AllocatedPort.newBuilder().setName("http").setPort(20000)))
                .addTasks(Task.newBuilder().setIndex(1).setState(TaskState.PENDING))
                .build();

        String table = Views.jobStatus(job);

        assertThat(table).containsPattern("INDEX +STATE +READY +MACHINE +PORTS +ATTEMPT")
                .containsPattern("\n0 +RUNNING +no +m1 +http=20000 +1 ")
                .containsPattern("\n1 +PENDING +- +- +- +0 ");
        assertThat(Views.jobStatus(job.toBuilder().setSpec(job.getSpec().toBuilder().setTask(TaskTemplate.newBuilder())).build()))
                .as("no named ports: no column").doesNotContain("PORTS");
    }
}
