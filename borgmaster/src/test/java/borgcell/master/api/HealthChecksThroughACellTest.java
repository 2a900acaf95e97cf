package borgcell.master.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import borgcell.api.v1.GetJobRequest;
import borgcell.api.v1.HealthCheck;
import borgcell.api.v1.JobSpec;
import borgcell.api.v1.Resources;
import borgcell.api.v1.RestartPolicy;
import borgcell.api.v1.RestartSpec;
import borgcell.api.v1.SubmitJobRequest;
import borgcell.api.v1.Task;
import borgcell.api.v1.TaskState;
import borgcell.api.v1.TaskTemplate;
import borgcell.borglet.Borglet;
import borgcell.borglet.BorgletConfig;
import borgcell.borglet.runtime.process.ProcessRuntime;
import borgcell.master.Replica;
import borgcell.master.TestCluster;
import borgcell.master.raft.PeerAddress;
import io.grpc.ManagedChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Health checks end to end: a real Raft group of three replicas, a real Borglet running real
 * processes, and a job whose checks are exec commands. The task is ready in the cell
 * ({@code Task.ready}) only once its readiness check passes; a steady task's heartbeats change
 * nothing in the replicated state; a liveness failure restarts the task, as its restart rule
 * says, and the cell records it.
 */
class HealthChecksThroughACellTest {
    private static final Resources MACHINE = Resources.newBuilder().setCpuMillis(2000).setRamBytes(4L << 30)
            .setDiskBytes(10L << 30).setPorts(10).build();

    @Test
    void readinessGatesTaskReadyAndALivenessFailureRestartsTheTask(@TempDir Path dir) throws Exception {
        try (TestCluster cluster = new TestCluster(3, dir.resolve("cell"), TestCluster.fastSettings()).startAll()) {
            cluster.awaitLeader();
            List<String> masters = cluster.peers().stream().map(PeerAddress::grpcAddress).toList();
            Path workDir = dir.resolve("m1");
            try (Borglet borglet = new Borglet(new BorgletConfig("m1", "127.0.0.1", masters, MACHINE, Map.of(),
                    Duration.ofMillis(200), workDir), List.of(new ProcessRuntime(Duration.ofMillis(300))),
                    target -> ManagedChannelBuilder.forTarget(target).usePlaintext().build())) {
                borglet.start();
                cluster.jobs(cluster.awaitLeader().id()).submitJob(SubmitJobRequest.newBuilder().setSpec(web()).build());
                cluster.jobs(cluster.awaitLeader().id()).submitJob(SubmitJobRequest.newBuilder().setSpec(plain()).build());
                Path taskDir = workDir.resolve("tasks/web.0.1");

                Task starting = await().atMost(Duration.ofSeconds(60)).until(() -> task(cluster, "web"),
                        t -> t.getState() == TaskState.RUNNING && t.getHealth().startsWith("readiness:"));
                assertThat(starting.getReady()).as("running, but its readiness check fails").isFalse();
                assertThat(starting.getHealth()).isEqualTo("readiness: exit 1: warming up");
                assertThat(await().atMost(Duration.ofSeconds(30)).until(() -> task(cluster, "plain"),
                        t -> t.getState() == TaskState.RUNNING).getReady()).as("no readiness check: ready as it runs").isTrue();

                Files.writeString(taskDir.resolve("warm"), "");
                Task ready = await().atMost(Duration.ofSeconds(30)).until(() -> task(cluster, "web"), Task::getReady);
                assertThat(ready.getHealth()).isEqualTo("passing");

                // Probed every 200 ms and heartbeating every 200 ms: a steady task is not one Raft entry.
                Thread.sleep(2_000);
                assertThat(task(cluster, "web").getVersion()).as("the task's last change").isEqualTo(ready.getVersion());

                Files.writeString(taskDir.resolve("sick"), "");
                Task restarted = await().atMost(Duration.ofSeconds(30)).until(() -> task(cluster, "web"),
                        t -> t.getRestarts() == 1);
                assertThat(restarted.getState()).isEqualTo(TaskState.RUNNING);
                assertThat(restarted.getAttempt()).as("restarted in place, as its rule says").isEqualTo(1);
                assertThat(restarted.getMessage()).startsWith("liveness check failed: exit 1: hung; restarting in 100 ms");

                Task back = await().atMost(Duration.ofSeconds(30)).until(() -> task(cluster, "web"),
                        t -> t.getReady() && t.getHealth().equals("passing"));
                assertThat(back.getRestarts()).as("the restart cured it").isEqualTo(1);
            }
        }
    }

    /** Ready once its directory holds "warm"; hung while it holds "sick", which each start removes. */
    private static JobSpec web() {
        // Generous timeouts: a probe timing out on a loaded machine would turn a check for the wrong reason.
        HealthCheck.Builder readiness = HealthCheck.newBuilder().setIntervalMillis(200).setTimeoutMillis(5000).setFailureThreshold(1);
        readiness.getExecBuilder().addArgv("/bin/sh").addArgv("-c").addArgv("test -e warm || { echo warming up; exit 1; }");
        HealthCheck.Builder liveness = HealthCheck.newBuilder().setIntervalMillis(200).setTimeoutMillis(5000).setFailureThreshold(2);
        liveness.getExecBuilder().addArgv("/bin/sh").addArgv("-c").addArgv("test ! -e sick || { echo hung; exit 1; }");
        JobSpec.Builder spec = spec("web", "rm -f sick; exec sleep 600");
        spec.getTaskBuilder().setReadiness(readiness).setLiveness(liveness)
                .setRestart(RestartSpec.newBuilder().setPolicy(RestartPolicy.ON_FAILURE).setMaxAttempts(5).setBackoffMillis(100));
        return spec.build();
    }

    private static JobSpec plain() {
        return spec("plain", "exec sleep 600").build();
    }

    private static JobSpec.Builder spec(String name, String script) {
        return JobSpec.newBuilder().setName(name).setUser("alice").setPriority(100).setTaskCount(1).setTask(task(script));
    }

    private static TaskTemplate.Builder task(String script) {
        return TaskTemplate.newBuilder().addArgv("/bin/sh").addArgv("-c").addArgv(script).setRuntime("process")
                .setResources(Resources.newBuilder().setCpuMillis(100).setRamBytes(64L << 20));
    }

    private static Task task(TestCluster cluster, String job) {
        Replica leader = cluster.awaitLeader();
        return cluster.jobs(leader.id()).getJob(GetJobRequest.newBuilder().setName(job).build()).getTasks(0);
    }
}
