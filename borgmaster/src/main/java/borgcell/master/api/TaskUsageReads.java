package borgcell.master.api;

import borgcell.api.v1.GetJobRequest;
import borgcell.api.v1.Job;
import borgcell.api.v1.JobServiceGrpc;
import borgcell.api.v1.Task;
import borgcell.api.v1.TaskState;
import borgcell.api.v1.TaskUsageEntry;
import borgcell.api.v1.TaskUsageList;
import borgcell.master.leader.TaskUsageBoard;
import borgcell.master.raft.PeerAddress;
import borgcell.master.raft.RaftReplica;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tasks' usage in answers about a job, on whichever replica answers. Usage lives in the
 * leader's memory alone ({@link TaskUsageBoard}): the leader adds it at once, a follower asks
 * the leader with one GetTaskUsage call. That call has a short deadline and cannot fail the
 * read: without the leader's answer, the job goes out without usage rather than late or not at all.
 */
public final class TaskUsageReads {
    private static final Logger log = LoggerFactory.getLogger(TaskUsageReads.class);
    private static final Duration ASK_THE_LEADER = Duration.ofSeconds(1);

    private final RaftReplica replica;
    private final TaskUsageBoard board;
    private final PeerChannels peers;

    /** @param peers this replica's channels to the others */
    public TaskUsageReads(RaftReplica replica, TaskUsageBoard board, PeerChannels peers) {
        this.replica = replica;
        this.board = board;
        this.peers = peers;
    }

    /** The job with its running tasks' usage, where the leader has it. */
    public CompletableFuture<Job> withUsage(Job job) {
        if (job.getTasksList().stream().noneMatch(t -> t.getState() == TaskState.RUNNING)) {
            return CompletableFuture.completedFuture(job);
        }
        if (replica.isLeader()) {
            return CompletableFuture.completedFuture(board.annotate(job));
        }
        Optional<String> leader = replica.leaderId().map(id -> replica.config().peer(id)).map(PeerAddress::grpcAddress);
        if (leader.isEmpty()) {
            return CompletableFuture.completedFuture(job);
        }
        CompletableFuture<Job> out = new CompletableFuture<>();
        JobServiceGrpc.newStub(peers.to(leader.get()))
                .withDeadlineAfter(ASK_THE_LEADER.toMillis(), TimeUnit.MILLISECONDS)
                .getTaskUsage(GetJobRequest.newBuilder().setName(job.getSpec().getName()).build(), new StreamObserver<>() {
                    @Override
                    public void onNext(TaskUsageList usage) {
                        out.complete(merged(job, usage));
                    }

                    @Override
                    public void onError(Throwable t) {
                        log.debug("usage of job {} from leader {}: {}", job.getSpec().getName(), leader.get(), t.toString());
                        out.complete(job);
                    }

                    @Override
                    public void onCompleted() {
                        out.complete(job); // no-op when onNext completed it
                    }
                });
        return out;
    }

    /** The leader's side of GetTaskUsage: what it holds for the job's running tasks. */
    TaskUsageList held(Job job) {
        TaskUsageList.Builder out = TaskUsageList.newBuilder();
        for (Task task : board.annotate(job).getTasksList()) {
            if (task.hasUsage()) {
                out.addTasks(TaskUsageEntry.newBuilder().setIndex(task.getIndex()).setAttempt(task.getAttempt())
                        .setUsage(task.getUsage()));
            }
        }
        return out.build();
    }

    /** Each task's usage from the leader's list, where the leader speaks of the same attempt. */
    static Job merged(Job job, TaskUsageList usage) {
        if (usage.getTasksCount() == 0) {
            return job;
        }
        Map<Integer, TaskUsageEntry> byIndex = new HashMap<>();
        usage.getTasksList().forEach(e -> byIndex.put(e.getIndex(), e));
        Job.Builder out = job.toBuilder();
        for (int i = 0; i < out.getTasksCount(); i++) {
            Task task = out.getTasks(i);
            TaskUsageEntry entry = byIndex.get(task.getIndex());
            if (entry != null && entry.getAttempt() == task.getAttempt() && task.getState() == TaskState.RUNNING) {
                out.setTasks(i, task.toBuilder().setUsage(entry.getUsage()));
            }
        }
        return out.build();
    }
}
