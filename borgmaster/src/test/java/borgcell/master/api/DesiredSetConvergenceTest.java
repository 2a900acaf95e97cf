package borgcell.master.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import borgcell.api.v1.JobSpec;
import borgcell.api.v1.KillJobRequest;
import borgcell.api.v1.Resources;
import borgcell.api.v1.SubmitJobRequest;
import borgcell.api.v1.TaskAssignment;
import borgcell.api.v1.TaskTemplate;
import borgcell.borglet.Borglet;
import borgcell.borglet.BorgletConfig;
import borgcell.borglet.hollow.HollowFleet;
import borgcell.borglet.task.ScriptedRuntime;
import borgcell.borglet.task.TaskKey;
import borgcell.master.Replica;
import borgcell.master.TestCluster;
import borgcell.master.raft.PeerAddress;
import io.grpc.ManagedChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Heartbeats that carry changes only, end to end: a real Raft group, eight hollow Borglets and
 * one real Borglet, each holding its desired set by applying the leader's answers. Whatever
 * happens (tasks placed, killed, placed anew; the leader stopped; the Borglet restarted), every
 * machine ends up holding exactly the set the leader's cell wants there.
 */
class DesiredSetConvergenceTest {
    private static final String REAL = "a-borglet"; // sorts first: best fit fills it before the hollow ones
    private static final Resources MACHINE = Resources.newBuilder().setCpuMillis(1000).setRamBytes(4L << 30)
            .setDiskBytes(10L << 30).setPorts(10).build();

    @Test
    void everyBorgletConvergesToTheLeadersSetThroughChangesAFailoverAndARestart(@TempDir Path dir) throws Exception {
        try (TestCluster cluster = new TestCluster(3, dir.resolve("cell"), TestCluster.fastSettings()).startAll()) {
            Replica first = cluster.awaitLeader();
            List<String> masters = cluster.peers().stream().map(PeerAddress::grpcAddress).toList();
            HollowFleet.Settings hollow = new HollowFleet.Settings("h-", 8, MACHINE, Map.of(), List.of("process"),
                    Duration.ofMillis(200), 1, 4);
            List<Borglet> reals = new ArrayList<>();
            try (HollowFleet fleet = new HollowFleet(masters, hollow)) {
                fleet.start();
                reals.add(startReal(masters, dir.resolve(REAL)));
                assertThat(fleet.awaitRegistered(Duration.ofSeconds(30))).isTrue();

                submit(cluster, first, spec("one", 20));
                awaitConverged(cluster, fleet, reals.getLast(), "one", 20);
                submit(cluster, first, spec("two", 10));
                cluster.jobs(first.id()).killJob(KillJobRequest.newBuilder().setName("one").build());
                awaitConverged(cluster, fleet, reals.getLast(), "two", 10);
                var beforeFailover = fleet.stats().window();
                assertThat(beforeFailover.changes()).as("changes were sent as changes").isPositive();
                assertThat(beforeFailover.unchanged()).as("and most answers carried nothing").isPositive();

                cluster.stop(first.id());
                Replica second = cluster.awaitLeader();
                submit(cluster, second, spec("three", 12));
                cluster.jobs(second.id()).killJob(KillJobRequest.newBuilder().setName("two").build());
                awaitConverged(cluster, fleet, reals.getLast(), "three", 12);

                submit(cluster, second, spec("full", 24)); // what is left of nine machines of four slots: on every one
                awaitConverged(cluster, fleet, reals.getLast(), "full", 24);
                List<TaskAssignment> beforeRestart = reals.getLast().desired();
                assertThat(beforeRestart).hasSize(4);

                reals.getLast().close();
                reals.add(startReal(masters, dir.resolve(REAL)));
                awaitConverged(cluster, fleet, reals.getLast(), "full", 24);
                assertThat(reals.getLast().desired()).as("the restarted Borglet was given its tasks again")
                        .containsExactlyInAnyOrderElementsOf(beforeRestart);
                assertThat(fleet.stats().window().misfits()).as("no change ever missed the set it was meant for").isZero();
            } finally {
                reals.forEach(Borglet::close);
            }
        }
    }

    /** Every machine holds the leader's set, and the job's tasks are all placed. */
    private static void awaitConverged(TestCluster cluster, HollowFleet fleet, Borglet real, String job, int tasks) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            Replica leader = cluster.leader().orElseThrow();
            long placed = leader.raft().stateMachine().read(c -> c.job(job).orElseThrow().getTasksList().stream()
                    .filter(t -> t.getState() == borgcell.api.v1.TaskState.RUNNING).count());
            assertThat(placed).as("tasks of %s running", job).isEqualTo(tasks);
            for (String machine : fleet.machineIds()) {
                assertThat(fleet.desiredKeys(machine)).as("hollow %s", machine).isEqualTo(leaderKeys(leader, machine));
            }
            List<TaskAssignment> wanted = leader.raft().stateMachine().read(c -> c.desiredFor(REAL));
            assertThat(Set.copyOf(real.desired())).as("the real Borglet's set, templates and all")
                    .isEqualTo(Set.copyOf(wanted));
        });
    }

    private static Set<TaskKey> leaderKeys(Replica leader, String machine) {
        return leader.raft().stateMachine().read(c -> c.desiredFor(machine)).stream().map(TaskKey::of)
                .collect(Collectors.toSet());
    }

    private static void submit(TestCluster cluster, Replica via, JobSpec spec) {
        cluster.jobs(via.id()).submitJob(SubmitJobRequest.newBuilder().setSpec(spec).build());
    }

    private static JobSpec spec(String name, int tasks) {
        return JobSpec.newBuilder().setName(name).setUser("alice").setPriority(100).setTaskCount(tasks)
                .setTask(TaskTemplate.newBuilder().addArgv("/bin/" + name).setRuntime("process")
                        .setResources(Resources.newBuilder().setCpuMillis(250).setRamBytes(64L << 20)))
                .build();
    }

    private static Borglet startReal(List<String> masters, Path workDir) {
        BorgletConfig config = new BorgletConfig(REAL, "127.0.0.1", masters, MACHINE, Map.of(),
                Duration.ofMillis(200), workDir);
        Borglet borglet = new Borglet(config, List.of(ScriptedRuntime.runningUntilKilled()),
                target -> ManagedChannelBuilder.forTarget(target).usePlaintext().build());
        borglet.start();
        return borglet;
    }
}
