package borgcell.master.api;

import static borgcell.cell.Fixtures.GI;
import static borgcell.cell.Fixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import borgcell.api.v1.ControlRolloutRequest;
import borgcell.api.v1.GetJobRequest;
import borgcell.api.v1.RevertJobRequest;
import borgcell.api.v1.UpdateJobRequest;
import borgcell.api.v1.HeartbeatRequest;
import borgcell.api.v1.HeartbeatResponse;
import borgcell.api.v1.Job;
import borgcell.api.v1.KillJobRequest;
import borgcell.api.v1.ListJobsRequest;
import borgcell.api.v1.ListMachinesRequest;
import borgcell.api.v1.MachineState;
import borgcell.api.v1.RegisterRequest;
import borgcell.api.v1.Resources;
import borgcell.api.v1.SubmitJobRequest;
import borgcell.api.v1.SubmitJobResponse;
import borgcell.api.v1.TaskAssignment;
import borgcell.api.v1.TaskReport;
import borgcell.api.v1.TaskState;
import borgcell.api.v1.TaskUsage;
import borgcell.api.v1.TaskUsageReport;
import borgcell.master.TestCluster;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The gRPC API of a real three-replica group: the happy path, the bad input, and liveness. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiTest {
    private TestCluster cluster;
    private String leader;
    private String follower;

    @BeforeAll
    void start(@TempDir Path dir) {
        cluster = new TestCluster(3, dir, TestCluster.fastSettings()).startAll();
        leader = cluster.awaitLeader().id();
        follower = cluster.followerOf(leader);
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    private static void assertStatus(Runnable call, Status.Code code, String messagePart) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).contains(messagePart);
        });
    }

    private List<String> jobNames() {
        return cluster.jobs(leader).listJobs(ListJobsRequest.getDefaultInstance()).getJobsList().stream()
                .map(j -> j.getSpec().getName()).toList();
    }

    private static RegisterRequest machine(String id) {
        // Big enough to hold every job the other tests leave pending in this shared cell.
        return RegisterRequest.newBuilder().setMachineId(id).setAddress("127.0.0.1")
                .setCapacity(Resources.newBuilder().setCpuMillis(64_000).setRamBytes(4 * GI).setDiskBytes(10 * GI).setPorts(10))
                .setPortRangeFirst(31000).setPortRangeLast(31009)
                .addRuntimes("process").build();
    }

    @Test
    void anInvalidSpecIsRefusedNamingTheFieldAndNothingIsWritten() {
        var bad = spec("invalid", 1).toBuilder();
        bad.getTaskBuilder().clearArgv();

        assertStatus(() -> cluster.jobs(follower).submitJob(SubmitJobRequest.newBuilder().setSpec(bad).build()),
                Status.Code.INVALID_ARGUMENT, "spec.task.argv: must not be empty");
        assertThat(jobNames()).doesNotContain("invalid");
    }

    @Test
    void absurdResourcesAreRefused() {
        var bad = spec("huge", 1).toBuilder();
        bad.getTaskBuilder().getResourcesBuilder().setRamBytes(Long.MAX_VALUE);
        assertStatus(() -> cluster.jobs(leader).submitJob(SubmitJobRequest.newBuilder().setSpec(bad).build()),
                Status.Code.INVALID_ARGUMENT, "spec.task.resources.ram_bytes: must be <=");
    }

    @Test
    void aRetryWithTheSameRequestIdThroughAnotherReplicaCreatesNothingNew() {
        SubmitJobRequest request = SubmitJobRequest.newBuilder().setRequestId("retry-1").setSpec(spec("retried", 2)).build();
        SubmitJobResponse first = cluster.jobs(leader).submitJob(request);
        SubmitJobResponse second = cluster.jobs(follower).submitJob(request);

        assertThat(first.getDuplicate()).isFalse();
        assertThat(second.getDuplicate()).isTrue();
        assertThat(second.getJob().getVersion()).isEqualTo(first.getJob().getVersion());
        assertThat(jobNames().stream().filter("retried"::equals)).hasSize(1);
    }

    @Test
    void aDuplicateJobNameIsAlreadyExists() {
        cluster.jobs(leader).submitJob(SubmitJobRequest.newBuilder().setSpec(spec("twice", 1)).build());
        assertStatus(() -> cluster.jobs(follower).submitJob(SubmitJobRequest.newBuilder().setSpec(spec("twice", 3)).build()),
                Status.Code.ALREADY_EXISTS, "job \"twice\" already exists");
        assertThat(cluster.jobs(leader).getJob(GetJobRequest.newBuilder().setName("twice").build()).getTasksCount()).isEqualTo(1);
    }

    @Test
    void updatesHistoryRevertAndRolloutControlsAnswerThroughAnyReplicaAndRefuseHostileValues() {
        cluster.jobs(leader).submitJob(SubmitJobRequest.newBuilder().setSpec(spec("versioned", 1)).build());
        var v2 = spec("versioned", 2);
        var updated = cluster.jobs(follower).updateJob(UpdateJobRequest.newBuilder().setRequestId("upd-1").setSpec(v2).build());
        var retried = cluster.jobs(leader).updateJob(UpdateJobRequest.newBuilder().setRequestId("upd-1").setSpec(v2).build());

        assertThat(updated.getJob().getCurrentVersion()).isEqualTo(2);
        assertThat(retried.getDuplicate()).isTrue();
        var history = cluster.jobs(follower).getJobHistory(GetJobRequest.newBuilder().setName("versioned").build());
        assertThat(history.getVersionsList()).extracting(v -> v.getCause()).containsExactly("submitted", "updated");

        assertStatus(() -> cluster.jobs(follower).updateJob(UpdateJobRequest.newBuilder().setName("versioned")
                .setSpec(spec("renamed", 1)).build()), Status.Code.INVALID_ARGUMENT, "cannot rename job \"versioned\"");
        assertStatus(() -> cluster.jobs(follower).updateJob(UpdateJobRequest.newBuilder().setSpec(spec("absent", 1)).build()),
                Status.Code.NOT_FOUND, "job \"absent\" is not running");
        assertStatus(() -> cluster.jobs(follower).updateJob(UpdateJobRequest.newBuilder().setRequestId("x".repeat(500))
                .setSpec(v2).build()), Status.Code.INVALID_ARGUMENT, "request_id");
        assertStatus(() -> cluster.jobs(follower).revertJob(RevertJobRequest.newBuilder().setName("versioned")
                .setVersion(-3).build()), Status.Code.INVALID_ARGUMENT, "version: must be 1 or more");
        assertStatus(() -> cluster.jobs(follower).revertJob(RevertJobRequest.newBuilder().setName("versioned")
                .setVersion(99).build()), Status.Code.NOT_FOUND, "has no version 99 (it keeps [1, 2])");
        assertStatus(() -> cluster.jobs(follower).controlRollout(ControlRolloutRequest.newBuilder().setName("versioned")
                .setAction("nuke\u0000" + "z".repeat(100)).build()), Status.Code.INVALID_ARGUMENT,
                "action: must be one of [pause, resume, abort, promote]");
        assertStatus(() -> cluster.jobs(follower).controlRollout(ControlRolloutRequest.newBuilder().setName("versioned")
                .setAction("resume").build()), Status.Code.FAILED_PRECONDITION, "has no update to resume");
        assertThat(cluster.jobs(leader).getJob(GetJobRequest.newBuilder().setName("versioned").build()).getCurrentVersion())
                .isEqualTo(2);
    }

    @Test
    void unknownJobsAreNotFound() {
        assertStatus(() -> cluster.jobs(follower).killJob(KillJobRequest.newBuilder().setName("nosuch").build()),
                Status.Code.NOT_FOUND, "job \"nosuch\" not found");
        assertStatus(() -> cluster.jobs(follower).getJob(GetJobRequest.newBuilder().setName("nosuch").build()),
                Status.Code.NOT_FOUND, "job \"nosuch\" not found");
        assertStatus(() -> cluster.jobs(follower).getJob(GetJobRequest.newBuilder().setName("").build()),
                Status.Code.INVALID_ARGUMENT, "name");
    }

    @Test
    void heartbeatsGoToTheLeaderAndAFollowerSaysWhereItIs() {
        cluster.link(leader).register(machine("hb-m"));
        String leaderGrpc = cluster.peers().stream().filter(p -> p.id().equals(leader)).findFirst().orElseThrow().grpcAddress();
        assertStatus(() -> cluster.link(follower).heartbeat(HeartbeatRequest.newBuilder().setMachineId("hb-m").build()),
                Status.Code.FAILED_PRECONDITION, "leader is " + leaderGrpc);
        // For the Borglet the leader is a structured detail, not the prose above.
        io.grpc.StatusRuntimeException refusal = org.assertj.core.api.Assertions.catchThrowableOfType(
                io.grpc.StatusRuntimeException.class,
                () -> cluster.link(follower).heartbeat(HeartbeatRequest.newBuilder().setMachineId("hb-m").build()));
        assertThat(io.grpc.protobuf.StatusProto.fromThrowable(refusal).getDetailsList()).singleElement()
                .satisfies(d -> assertThat(d.unpack(borgcell.api.v1.NotLeader.class).getLeaderAddress()).isEqualTo(leaderGrpc));
        assertStatus(() -> cluster.link(leader).heartbeat(HeartbeatRequest.newBuilder().setMachineId("unregistered").build()),
                Status.Code.NOT_FOUND, "machine \"unregistered\" is not registered");
    }

    @Test
    void aBorgletReportingATaskItWasNeverGivenIsRefusedAndNothingChanges() {
        cluster.link(leader).register(machine("liar"));
        cluster.jobs(leader).submitJob(SubmitJobRequest.newBuilder().setSpec(spec("honest", 1)).build());

        assertStatus(() -> cluster.link(leader).heartbeat(HeartbeatRequest.newBuilder().setMachineId("liar")
                        .addTasks(TaskReport.newBuilder().setJob("phantom").setIndex(0).setAttempt(1).setState(TaskState.RUNNING))
                        .build()),
                Status.Code.NOT_FOUND, "task phantom/0 attempt 1 was never given to machine \"liar\"");
        assertStatus(() -> cluster.link(leader).heartbeat(HeartbeatRequest.newBuilder().setMachineId("liar")
                        .addTasks(TaskReport.newBuilder().setJob("honest").setIndex(0).setAttempt(9).setState(TaskState.FAILED))
                        .build()),
                Status.Code.NOT_FOUND, "task honest/0 attempt 9 was never given");
        assertStatus(() -> cluster.link(leader).heartbeat(HeartbeatRequest.newBuilder().setMachineId("liar")
                        .addTasks(TaskReport.newBuilder().setJob("honest").setIndex(0).setAttempt(1).setState(TaskState.PENDING))
                        .build()),
                Status.Code.INVALID_ARGUMENT, "tasks[0].state");
        var honest = cluster.jobs(leader).getJob(GetJobRequest.newBuilder().setName("honest").build()).getTasks(0);
        assertThat(honest.getState()).isNotIn(TaskState.FAILED, TaskState.RUNNING);
        assertThat(honest.getAttempt()).isLessThanOrEqualTo(1);
        assertStatus(() -> cluster.jobs(leader).getJob(GetJobRequest.newBuilder().setName("phantom").build()),
                Status.Code.NOT_FOUND, "phantom");
    }

    @Test
    void usageHeardByTheLeaderIsReadThroughAnyReplicaAndHostileFiguresAreRefused() {
        cluster.link(leader).register(machine("meter").toBuilder().putAttributes("meter", "yes").build());
        var spec = spec("metered", 1).toBuilder();
        spec.getTaskBuilder().addConstraints(borgcell.api.v1.Constraint.newBuilder().setAttribute("meter")
                .setOp(borgcell.api.v1.Constraint.Operator.EQ).addValues("yes"));
        cluster.jobs(leader).submitJob(SubmitJobRequest.newBuilder().setSpec(spec).build());
        var placed = await().atMost(Duration.ofSeconds(10)).until(() -> cluster.jobs(leader)
                .getJob(GetJobRequest.newBuilder().setName("metered").build()).getTasks(0), t -> t.getState() == TaskState.ASSIGNED);
        TaskReport running = TaskReport.newBuilder().setJob("metered").setIndex(0).setAttempt(placed.getAttempt())
                .setState(TaskState.RUNNING).build();
        TaskUsageReport measured = TaskUsageReport.newBuilder().setJob("metered").setIndex(0).setAttempt(placed.getAttempt())
                .setUsage(TaskUsage.newBuilder().setCpuMillicores(420).setMemoryBytes(5 << 20).setMemoryPeakBytes(7 << 20))
                .build();

        HeartbeatResponse changesOnly = cluster.link(leader).heartbeat(HeartbeatRequest.newBuilder().setMachineId("meter")
                .addTasks(running).addUsage(measured).build());
        assertThat(changesOnly.getUsageWanted()).as("the leader holds nothing complete of this machine yet").isTrue();
        HeartbeatResponse complete = cluster.link(leader).heartbeat(HeartbeatRequest.newBuilder().setMachineId("meter")
                .addTasks(running).addUsage(measured).setUsageComplete(true).build());
        assertThat(complete.getUsageWanted()).isFalse();
        // Usage goes with RUNNING tasks only, and the RUNNING report reaches the cell through Raft, after the answer.
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.jobs(follower)
                .getJob(GetJobRequest.newBuilder().setName("metered").build()).getTasks(0).getState() == TaskState.RUNNING);

        for (String replica : List.of(leader, follower)) {
            Job read = cluster.jobs(replica).getJob(GetJobRequest.newBuilder().setName("metered").build());
            assertThat(read.getTasks(0).getUsage()).as("GetJob on " + replica).isEqualTo(measured.getUsage());
        }
        assertThat(cluster.jobs(leader).getTaskUsage(GetJobRequest.newBuilder().setName("metered").build()).getTasksList())
                .singleElement().satisfies(e -> assertThat(e.getUsage().getCpuMillicores()).isEqualTo(420));
        assertStatus(() -> cluster.jobs(follower).getTaskUsage(GetJobRequest.newBuilder().setName("metered").build()),
                Status.Code.FAILED_PRECONDITION, "not the leader; leader is ");
        assertStatus(() -> cluster.jobs(leader).getTaskUsage(GetJobRequest.newBuilder().setName("nosuch").build()),
                Status.Code.NOT_FOUND, "nosuch");
        assertStatus(() -> cluster.jobs(leader).getTaskUsage(GetJobRequest.newBuilder().setName("").build()),
                Status.Code.INVALID_ARGUMENT, "name");

        assertStatus(() -> cluster.link(leader).heartbeat(HeartbeatRequest.newBuilder().setMachineId("meter").addTasks(running)
                        .addUsage(measured.toBuilder().setUsage(TaskUsage.newBuilder().setMemoryBytes(-1))).build()),
                Status.Code.INVALID_ARGUMENT, "usage[0].usage.memory_bytes: must be a finite number >= 0 (task metered/0)");
        assertThat(cluster.jobs(follower).getJob(GetJobRequest.newBuilder().setName("metered").build()).getTasks(0).getUsage())
                .as("a refused heartbeat changed nothing").isEqualTo(measured.getUsage());
    }

    @Test
    void drainingMovesAMachinesTasksAwayAndUndrainingTakesItBack() {
        cluster.link(leader).register(machine("drainee"));
        var cell = borgcell.api.v1.CellServiceGrpc.newBlockingStub(cluster.channel(follower))
                .withDeadlineAfter(Duration.ofSeconds(20));
        var request = borgcell.api.v1.MachineRequest.newBuilder().setMachineId("drainee").build();

        assertThat(cell.drainMachine(request).getState()).isEqualTo(MachineState.DRAINING);
        assertThat(cell.undrainMachine(request).getState()).isEqualTo(MachineState.UP);
        assertStatus(() -> cell.drainMachine(borgcell.api.v1.MachineRequest.newBuilder().setMachineId("ghost").build()),
                Status.Code.NOT_FOUND, "machine \"ghost\" not found");
        assertStatus(() -> cell.drainMachine(borgcell.api.v1.MachineRequest.getDefaultInstance()),
                Status.Code.INVALID_ARGUMENT, "machine_id");
    }

    @Test
    void whyPendingNamesTheReasonAndUnknownJobsAreNotFound() {
        var huge = spec("enormous", 2).toBuilder();
        huge.getTaskBuilder().getResourcesBuilder().setRamBytes(1L << 45);
        cluster.jobs(leader).submitJob(SubmitJobRequest.newBuilder().setSpec(huge).build());

        var why = cluster.jobs(follower).whyPending(GetJobRequest.newBuilder().setName("enormous").build());

        assertThat(why.getTasksList()).hasSize(2).allSatisfy(t -> assertThat(t.getReason()).contains("insufficient ram"));
        assertStatus(() -> cluster.jobs(follower).whyPending(GetJobRequest.newBuilder().setName("nosuch").build()),
                Status.Code.NOT_FOUND, "job \"nosuch\" not found");
    }

    @Test
    void logsOfBadOrUnplacedTasksAreRefusedClearly() {
        cluster.jobs(leader).submitJob(SubmitJobRequest.newBuilder().setSpec(
                spec("unplaced", 1).toBuilder().setTask(spec("x", 1).getTask().toBuilder()
                        .setResources(spec("x", 1).getTask().getResources().toBuilder().setRamBytes(1L << 45)))).build());
        var logs = cluster.jobs(follower);
        java.util.function.Function<borgcell.api.v1.GetTaskLogsRequest.Builder, Runnable> read = r -> () ->
                logs.getTaskLogs(r.build()).forEachRemaining(c -> { });

        assertStatus(read.apply(borgcell.api.v1.GetTaskLogsRequest.newBuilder().setJob("nosuch").setIndex(0)),
                Status.Code.NOT_FOUND, "job \"nosuch\" not found");
        assertStatus(read.apply(borgcell.api.v1.GetTaskLogsRequest.newBuilder().setJob("unplaced").setIndex(5)),
                Status.Code.NOT_FOUND, "has no task 5");
        assertStatus(read.apply(borgcell.api.v1.GetTaskLogsRequest.newBuilder().setJob("unplaced").setIndex(0)),
                Status.Code.FAILED_PRECONDITION, "has no machine to read logs from");
        assertStatus(read.apply(borgcell.api.v1.GetTaskLogsRequest.newBuilder().setJob("unplaced").setIndex(0)
                .setStream("stdin")), Status.Code.INVALID_ARGUMENT, "stream: must be stdout or stderr");
        assertStatus(read.apply(borgcell.api.v1.GetTaskLogsRequest.newBuilder().setJob("unplaced").setIndex(-1)),
                Status.Code.INVALID_ARGUMENT, "index: must be >= 0");
        assertStatus(read.apply(borgcell.api.v1.GetTaskLogsRequest.newBuilder().setJob("unplaced").setIndex(0)
                .setTailBytes(-5)), Status.Code.INVALID_ARGUMENT, "tail_bytes");
    }

    @Test
    void aProductionJobPreemptsBatchTasksWhenNothingElseFits() {
        // One small machine, the only one offering the microvm runtime here, held by batch work.
        cluster.link(leader).register(RegisterRequest.newBuilder().setMachineId("tiny").setAddress("127.0.0.1")
                .setCapacity(Resources.newBuilder().setCpuMillis(1000).setRamBytes(GI).setDiskBytes(GI))
                .addRuntimes("microvm").build());
        var filler = spec("filler", 2).toBuilder();
        filler.getTaskBuilder().setRuntime("microvm");
        cluster.jobs(leader).submitJob(SubmitJobRequest.newBuilder().setSpec(filler).build());
        await().atMost(Duration.ofSeconds(20)).until(() -> beat("tiny").size() == 2);

        var urgent = spec("urgent", 1).toBuilder().setPriority(200);
        urgent.getTaskBuilder().setRuntime("microvm");
        cluster.jobs(leader).submitJob(SubmitJobRequest.newBuilder().setSpec(urgent).build());

        await().atMost(Duration.ofSeconds(20)).until(() ->
                beat("tiny").stream().anyMatch(a -> a.getJob().equals("urgent")));
        Job fillerNow = cluster.jobs(leader).getJob(GetJobRequest.newBuilder().setName("filler").build());
        assertThat(fillerNow.getTasksList()).anySatisfy(t -> {
            assertThat(t.getState()).isEqualTo(TaskState.PENDING);
            assertThat(t.getMessage()).contains("preempted by urgent/0");
        });
    }

    @Test
    void aSubmissionOverQuotaIsResourceExhaustedWithTheNumbers() {
        var cell = borgcell.api.v1.CellServiceGrpc.newBlockingStub(cluster.channel(follower))
                .withDeadlineAfter(Duration.ofSeconds(20));
        cell.setQuota(borgcell.api.v1.Quota.newBuilder().setUser("dave").setBand("batch").setCpuMillis(600)
                .setRamBytes(GI).build());
        var dave = spec("daves", 2).toBuilder().setUser("dave");

        assertStatus(() -> cluster.jobs(follower).submitJob(SubmitJobRequest.newBuilder().setSpec(dave).build()),
                Status.Code.RESOURCE_EXHAUSTED, "quota exceeded for user dave in band batch: cpu 0m in use + 1000m asked > quota 600m");
        assertStatus(() -> cell.setQuota(borgcell.api.v1.Quota.newBuilder().setUser("dave").setBand("batch")
                .setCpuMillis(-1).build()), Status.Code.INVALID_ARGUMENT, "must be >= 0");
        assertThat(cell.listQuotas(borgcell.api.v1.ListQuotasRequest.getDefaultInstance()).getQuotasList())
                .anySatisfy(q -> assertThat(q.getQuota().getUser()).isEqualTo("dave"));
    }

    @Test
    void registrationWithoutAnIdIsRefused() {
        assertStatus(() -> cluster.link(follower).register(machine("")), Status.Code.INVALID_ARGUMENT, "machine_id");
    }

    @Test
    void aSilentMachineGoesDownAndItsTasksRunElsewhere() {
        cluster.link(leader).register(machine("quiet"));
        cluster.jobs(leader).submitJob(SubmitJobRequest.newBuilder().setSpec(spec("moving", 2)).build());
        // "quiet" heartbeats until it holds the job's tasks, then falls silent.
        await().atMost(Duration.ofSeconds(20)).until(() -> beat("quiet").stream().filter(a -> a.getJob().equals("moving")).count() == 2);
        java.util.Map<Integer, Integer> attemptOnQuiet = beat("quiet").stream().filter(a -> a.getJob().equals("moving"))
                .collect(java.util.stream.Collectors.toMap(TaskAssignment::getIndex, TaskAssignment::getAttempt));
        cluster.link(leader).register(machine("steady"));

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            List<TaskAssignment> held = beat("steady");
            assertThat(held.stream().filter(a -> a.getJob().equals("moving"))).hasSize(2);
        });
        var machines = cluster.cell(leader).listMachines(ListMachinesRequest.getDefaultInstance()).getMachinesList();
        assertThat(machines).filteredOn(m -> m.getId().equals("quiet")).singleElement()
                .satisfies(m -> assertThat(m.getState()).isEqualTo(MachineState.DOWN));
        Job moving = cluster.jobs(leader).getJob(GetJobRequest.newBuilder().setName("moving").build());
        assertThat(moving.getTasksList()).allSatisfy(t -> {
            assertThat(t.getMachineId()).isEqualTo("steady");
            assertThat(t.getAttempt()).isGreaterThan(attemptOnQuiet.get(t.getIndex())); // a new placement
        });
    }

    @Test
    void watchingAJobStreamsItsChangesUntilItEnds() {
        cluster.jobs(leader).submitJob(SubmitJobRequest.newBuilder().setSpec(spec("watched", 1)).build());
        Iterator<Job> updates = borgcell.api.v1.JobServiceGrpc.newBlockingStub(cluster.channel(follower))
                .withDeadlineAfter(Duration.ofSeconds(20)).watchJob(GetJobRequest.newBuilder().setName("watched").build());
        assertThat(updates.next().getSpec().getName()).isEqualTo("watched");
        cluster.jobs(leader).killJob(KillJobRequest.newBuilder().setName("watched").build());
        Job last = null;
        while (updates.hasNext()) {
            last = updates.next();
        }
        assertThat(last).isNotNull();
        assertThat(last.getTasks(0).getState()).isEqualTo(TaskState.KILLED);
    }

    private List<TaskAssignment> beat(String machine) {
        HeartbeatResponse r = cluster.link(leader).heartbeat(HeartbeatRequest.newBuilder().setMachineId(machine).build());
        return r.getDesiredList();
    }
}
