package borgcell.borglet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import borgcell.api.v1.AllocatedPort;
import borgcell.api.v1.HealthCheck;
import borgcell.api.v1.HeartbeatRequest;
import borgcell.api.v1.Resources;
import borgcell.api.v1.RestartPolicy;
import borgcell.api.v1.RestartSpec;
import borgcell.api.v1.TaskAssignment;
import borgcell.api.v1.TaskReport;
import borgcell.api.v1.TaskState;
import borgcell.api.v1.TaskTemplate;
import borgcell.borglet.health.BusyboxHttpd;
import borgcell.borglet.runtime.process.ProcessRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Health checks through the whole Borglet, against a master on a real gRPC server: a web
 * server task (busybox httpd, on the port its assignment gives it) reported ready only while it
 * serves, the same readiness and health on every heartbeat while nothing changes, and a
 * liveness failure restarting a task, as the heartbeats show the cell.
 */
class BorgletHealthChecksTest {

    private static final Resources MACHINE = Resources.newBuilder().setCpuMillis(1000).setRamBytes(1L << 30).build();

    @TempDir Path workDir;

    @Test
    void aWebServerTaskIsReportedReadyOnlyWhileItsHttpCheckPasses() throws Exception {
        BusyboxHttpd.assumeBusybox();
        int port = BusyboxHttpd.freePort();
        HealthCheck.Builder readiness = HealthCheck.newBuilder().setIntervalMillis(100).setTimeoutMillis(3000).setFailureThreshold(1);
        readiness.getHttpBuilder().setPort("web").setPath("/");
        HealthCheck.Builder liveness = HealthCheck.newBuilder().setIntervalMillis(100).setInitialDelayMillis(300);
        liveness.getTcpBuilder().setPort("web");
        try (FakeMaster master = FakeMaster.start(); Borglet borglet = borglet(master.address())) {
            servesUntilTheIndexGoes(master, port, readiness, liveness);
        }
    }

    private void servesUntilTheIndexGoes(FakeMaster master, int port, HealthCheck.Builder readiness,
                                         HealthCheck.Builder liveness) throws Exception {
        master.desired = List.of(TaskAssignment.newBuilder().setJob("front").setIndex(0).setAttempt(1)
                .addPorts(AllocatedPort.newBuilder().setName("web").setPort(port))
                .setTemplate(TaskTemplate.newBuilder().addArgv("/bin/sh").addArgv("-c")
                        .addArgv("mkdir -p www && echo hello > www/index.html && exec " + BusyboxHttpd.BUSYBOX
                                + " httpd -f -p 127.0.0.1:" + port + " -h www")
                        .setReadiness(readiness).setLiveness(liveness))
                .build());
        Path index = workDir.resolve("tasks/front.0.1/www/index.html");

        await().until(() -> report(master, "front").map(TaskReport::getReady).orElse(false));
        // Ready as soon as it serves; "passing" once the liveness check too has had its first probe.
        await().until(() -> report(master, "front").orElseThrow().getHealth().equals("passing"));

        int from = master.heartbeats.size();
        await().until(() -> master.heartbeats.size() >= from + 10);
        assertThat(List.copyOf(master.heartbeats).subList(from, from + 10)).extracting(h -> reportIn(h, "front"))
                .as("a steady task says the same on every heartbeat").containsOnly(report(master, "front").orElseThrow());

        Files.delete(index);
        await().until(() -> !report(master, "front").orElseThrow().getReady());
        TaskReport notServing = report(master, "front").orElseThrow();
        assertThat(notServing.getHealth()).isEqualTo("readiness: HTTP 404 on /");
        assertThat(notServing.getState()).isEqualTo(TaskState.RUNNING);
        assertThat(notServing.getRestarts()).as("alive all along: the port accepts").isZero();

        Files.writeString(index, "back\n");
        await().until(() -> report(master, "front").orElseThrow().getReady());
        assertThat(report(master, "front").orElseThrow().getHealth()).isEqualTo("passing");
    }

    @Test
    void aLivenessFailureRestartsTheTaskAndTheHeartbeatsSaySo() throws Exception {
        HealthCheck.Builder liveness = HealthCheck.newBuilder().setIntervalMillis(100).setTimeoutMillis(3000).setFailureThreshold(2);
        liveness.getExecBuilder().addArgv("/bin/sh").addArgv("-c").addArgv("test ! -e sick || { echo hung; exit 1; }");
        try (FakeMaster master = FakeMaster.start(); Borglet borglet = borglet(master.address())) {
            restartsOnceSick(master, liveness);
        }
    }

    private void restartsOnceSick(FakeMaster master, HealthCheck.Builder liveness) throws Exception {
        master.desired = List.of(TaskAssignment.newBuilder().setJob("worker").setIndex(0).setAttempt(1)
                .setTemplate(TaskTemplate.newBuilder().addArgv("/bin/sh").addArgv("-c").addArgv("rm -f sick; sleep 60") // a restart cures it
                        .setLiveness(liveness)
                        .setRestart(RestartSpec.newBuilder().setPolicy(RestartPolicy.ON_FAILURE).setMaxAttempts(3).setBackoffMillis(50)))
                .build());
        await().until(() -> report(master, "worker").map(r -> r.getHealth().equals("passing")).orElse(false));
        assertThat(report(master, "worker").orElseThrow().getReady()).as("no readiness check: ready as it runs").isTrue();

        Files.createFile(workDir.resolve("tasks/worker.0.1/sick"));
        await().until(() -> report(master, "worker").orElseThrow().getRestarts() >= 1);
        assertThat(master.heartbeats).extracting(h -> reportIn(h, "worker")).filteredOn(r -> r != null)
                .extracting(TaskReport::getMessage)
                .anyMatch(m -> m.startsWith("liveness check failed: exit 1: hung; restarting in "));

        await().until(() -> report(master, "worker").orElseThrow().getHealth().equals("passing"));
        TaskReport healthy = report(master, "worker").orElseThrow();
        assertThat(healthy.getState()).isEqualTo(TaskState.RUNNING);
        assertThat(healthy.getRestarts()).isEqualTo(1);
    }

    private static Optional<TaskReport> report(FakeMaster master, String job) {
        return master.lastReport(job, 0, 1);
    }

    private static TaskReport reportIn(HeartbeatRequest heartbeat, String job) {
        return heartbeat.getTasksList().stream().filter(r -> r.getJob().equals(job)).findFirst().orElse(null);
    }

    /** A started Borglet running processes, heartbeating every 100 ms; the master may answer at once. */
    private Borglet borglet(String master) {
        Borglet borglet = new Borglet(new BorgletConfig("m1", "host-1", List.of(master), MACHINE, Map.of(),
                Duration.ofMillis(100), workDir), List.of(new ProcessRuntime(Duration.ofMillis(300))));
        borglet.start();
        return borglet;
    }
}
