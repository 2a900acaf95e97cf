package borgcell.master.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import borgcell.api.v1.JobPlan;
import borgcell.api.v1.JobSpec;
import borgcell.api.v1.PlanJobRequest;
import borgcell.api.v1.PlannedEviction;
import borgcell.api.v1.Resources;
import borgcell.api.v1.SubmitJobRequest;
import borgcell.api.v1.TaskState;
import borgcell.api.v1.TaskTemplate;
import borgcell.api.v1.raft.CellSnapshot;
import borgcell.borglet.hollow.HollowFleet;
import borgcell.cell.Placements;
import borgcell.master.Replica;
import borgcell.master.TestCluster;
import borgcell.master.raft.PeerAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plan, then submit, on a real Raft group with seven machines of two sizes (hollow Borglets:
 * the real link, every task reported running), running and parked work: the leader places the
 * job's tasks exactly where the plan said and evicts exactly the tasks it named, and the plan
 * itself writes nothing, asked of a follower or of the leader.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlanThenApplyTest {
    private static final long GI = 1L << 30;
    private TestCluster cluster;
    private HollowFleet large;
    private HollowFleet small;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        cluster = new TestCluster(3, dir, TestCluster.fastSettings()).startAll();
        cluster.awaitLeader();
        List<String> masters = cluster.peers().stream().map(PeerAddress::grpcAddress).toList();
        large = fleet(masters, "a-", 4, 4000, 8 * GI);
        small = fleet(masters, "b-", 3, 2000, 4 * GI);
        // Best effort in every slot (4 x 4 + 3 x 2), and a job no machine can take: parked.
        submit(spec("filler", 22, 50, 1000, GI));
        submit(spec("waiting", 2, 50, 8000, GI));
        awaitSettled();
    }

    @AfterAll
    void stop() {
        small.close();
        large.close();
        cluster.close();
    }

    private static HollowFleet fleet(List<String> masters, String prefix, int machines, long cpu, long ram) throws Exception {
        HollowFleet fleet = new HollowFleet(masters, new HollowFleet.Settings(prefix, machines,
                Resources.newBuilder().setCpuMillis(cpu).setRamBytes(ram).setDiskBytes(10 * GI).setPorts(10).build(),
                Map.of(), List.of("process"), Duration.ofMillis(200), 1, 4));
        fleet.start();
        assertThat(fleet.awaitRegistered(Duration.ofSeconds(30))).isTrue();
        return fleet;
    }

    private static JobSpec spec(String name, int tasks, int priority, long cpu, long ram) {
        return JobSpec.newBuilder().setName(name).setUser("alice").setPriority(priority).setTaskCount(tasks)
                .setTask(TaskTemplate.newBuilder().addArgv("/bin/" + name).setRuntime("process")
                        .setResources(Resources.newBuilder().setCpuMillis(cpu).setRamBytes(ram)))
                .build();
    }

    private void submit(JobSpec spec) {
        cluster.jobs(leader().id()).submitJob(SubmitJobRequest.newBuilder().setSpec(spec).build());
    }

    private Replica leader() {
        return cluster.awaitLeader();
    }

    private JobPlan plan(String via, JobSpec spec) {
        return cluster.jobs(via).planJob(PlanJobRequest.newBuilder().setSpec(spec).build());
    }

    /** No task waits for a Borglet to report it, and the log stands still: the leader has nothing left to do. */
    private void awaitSettled() {
        long[] last = {-1};
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(700)).until(() -> {
            Replica leader = leader();
            boolean reported = leader.raft().stateMachine().read(c -> c.jobs().stream()
                    .flatMap(j -> j.getTasksList().stream()).noneMatch(t -> t.getState() == TaskState.ASSIGNED));
            long applied = leader.raft().appliedIndex();
            boolean still = applied == last[0];
            last[0] = applied;
            return reported && still;
        });
    }

    private Map<Integer, String> placed(String job) {
        return leader().raft().stateMachine().read(c -> Placements.placed(c.job(job).orElseThrow()));
    }

    private static Map<Integer, String> placements(JobPlan plan) {
        return Placements.planned(plan);
    }

    private CellSnapshot jobsNow() {
        return leader().raft().stateMachine().appliedState().toBuilder().clearMachines().build();
    }

    @Test
    void theLeaderPlacesAndEvictsExactlyAsPlannedAndThePlanWritesNothing() {
        JobSpec prod = spec("prod", 4, 200, 2000, 2 * GI);
        String follower = cluster.followerOf(leader().id());
        long appliedBefore = leader().raft().appliedIndex();
        CellSnapshot before = jobsNow();

        JobPlan plan = plan(follower, prod);

        assertThat(plan(leader().id(), prod)).as("the leader plans what it was forwarded").isEqualTo(plan);
        assertThat(leader().raft().appliedIndex()).as("no entry written").isEqualTo(appliedBefore);
        assertThat(jobsNow()).isEqualTo(before);
        assertThat(plan.getCreates()).isTrue();
        assertThat(plan.getRefusedList()).isEmpty();
        assertThat(plan.getPlacementsList()).hasSize(4);
        assertThat(plan.getEvictionsList()).as("no room without preempting best effort").hasSizeGreaterThanOrEqualTo(8)
                .allSatisfy(e -> assertThat(e.getJob()).isEqualTo("filler"));

        submit(prod);

        await().atMost(Duration.ofSeconds(30)).until(() -> placed("prod").size() == 4);
        assertThat(placed("prod")).isEqualTo(placements(plan));
        awaitSettled();
        List<String> preempted = leader().raft().stateMachine().read(c -> Placements.preempted(c.job("filler").orElseThrow()));
        assertThat(preempted).containsExactlyInAnyOrderElementsOf(Placements.evictions(plan));
        assertThat(plan.getEvictionsList()).extracting(PlannedEviction::getMachineId)
                .allMatch(m -> placements(plan).containsValue(m));
    }

    @Test
    void badInputIsRefusedInTheCellsWordsAndChangesNothing() {
        String follower = cluster.followerOf(leader().id());
        long appliedBefore = leader().raft().appliedIndex();
        CellSnapshot before = jobsNow();
        JobSpec good = spec("planned", 1, 100, 100, GI);
        JobSpec.Builder manyArgs = good.toBuilder();
        for (int i = 0; i < 5000; i++) {
            manyArgs.getTaskBuilder().addArgv("x".repeat(100));
        }

        assertThat(plan(follower, good.toBuilder().setTaskCount(1_000_000_000).build()).getRefusedList())
                .containsExactly("spec.task_count: must be between 1 and 100000 (got 1000000000)");
        JobSpec.Builder huge = good.toBuilder();
        huge.getTaskBuilder().getResourcesBuilder().setRamBytes(Long.MAX_VALUE);
        assertThat(plan(follower, huge.build()).getRefusedList()).singleElement().asString()
                .startsWith("spec.task.resources.ram_bytes: must be <=");
        assertThat(plan(follower, manyArgs.build()).getRefusedList())
                .containsExactly("spec.task.argv: has 5001 entries; at most 4096");
        assertThat(cluster.jobs(follower).planJob(PlanJobRequest.getDefaultInstance()).getRefusedList()).singleElement()
                .asString().startsWith("spec.name: must be 1-63 characters");

        assertThat(leader().raft().appliedIndex()).isEqualTo(appliedBefore);
        assertThat(jobsNow()).isEqualTo(before);
    }

    @Test
    void aRunningJobsChangeIsPlannedAsItsUpdate() {
        JobSpec changed = spec("waiting", 3, 50, 8000, GI).toBuilder()
                .setTask(spec("waiting", 3, 50, 8000, GI).getTask().toBuilder().clearArgv().addArgv("/bin/waiting").addArgv("-v"))
                .build();

        JobPlan plan = plan(cluster.followerOf(leader().id()), changed);

        assertThat(plan.getCreates()).isFalse();
        assertThat(plan.getDiffList()).containsExactly("task_count: 2 -> 3", "task.argv: [/bin/waiting] -> [/bin/waiting, -v]");
        assertThat(plan.getRefusedList()).isEmpty();
        assertThat(plan.getCurrentVersion()).isEqualTo(1);
        assertThat(plan.getPendingList()).extracting(p -> p.getIndex()).contains(2); // no room for the new task either
    }

    @Test
    void whatWouldStayPendingSaysWhy() {
        JobPlan plan = plan(leader().id(), spec("enormous", 2, 100, 16_000, GI));

        assertThat(plan.getPlacementsList()).isEmpty();
        assertThat(plan.getPendingList()).hasSize(2).allSatisfy(p -> assertThat(p.getReason())
                .startsWith("0/7 machines fit: 7 insufficient cpu"));
    }
}
