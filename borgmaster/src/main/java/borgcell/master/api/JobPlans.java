package borgcell.master.api;

import borgcell.api.v1.JobPlan;
import borgcell.api.v1.JobServiceGrpc;
import borgcell.api.v1.JobSpec;
import borgcell.api.v1.PlanJobRequest;
import borgcell.cell.Commands;
import borgcell.cell.JobPlanner;
import borgcell.master.leader.LeaderDuties;
import borgcell.master.raft.PeerAddress;
import borgcell.master.raft.RaftReplica;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Plans ({@code PlanJob}) on whichever replica is asked, made by the leader. A plan must say
 * what the leader's next pass will do, and part of what decides it is the leader's memory, not
 * the log: the tasks it parked and the pass number that seeds its search (a plan made without
 * them places otherwise in a cell wider than the search's candidates). So the leader plans, on
 * a copy of the cell and of its pass taken between two ticks, on a thread of its own; a
 * follower forwards the call to it after checking its caller, as Raft writes go to the leader.
 */
public final class JobPlans implements AutoCloseable {
    /** A plan copies the cell and runs a pass: a few at once, on one thread, and the rest are told to come back. */
    private static final int AT_ONCE = 4;
    private static final Duration FORWARDED_FOR_AT_MOST = Duration.ofSeconds(60);

    private final RaftReplica replica;
    private final Commands commands;
    private final Supplier<LeaderDuties> duties;
    private final PeerChannels peers;
    private final Semaphore admitted = new Semaphore(AT_ONCE);
    private final ExecutorService planner;

    /** @param duties this replica's leader duties, null until it has started */
    public JobPlans(RaftReplica replica, Commands commands, Supplier<LeaderDuties> duties, PeerChannels peers) {
        this.replica = replica;
        this.commands = commands;
        this.duties = duties;
        this.peers = peers;
        this.planner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "job-plans-" + replica.config().id());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The plan of {@code spec} for a caller who may change {@code owner}'s jobs alone (empty:
     * anyone's), whose right to submit it was checked. A call forwarded here is never forwarded on.
     */
    CompletableFuture<JobPlan> plan(JobSpec spec, String owner, boolean forwarded) {
        if (replica.isLeader()) {
            return planHere(spec, owner);
        }
        if (forwarded) {
            return unavailable("replica " + replica.config().id() + " is no longer the leader; try again");
        }
        return forward(spec, owner);
    }

    private CompletableFuture<JobPlan> planHere(JobSpec spec, String owner) {
        LeaderDuties leader = duties.get();
        if (leader == null) {
            return unavailable("replica " + replica.config().id() + " is still starting; try again");
        }
        if (!admitted.tryAcquire()) {
            return CompletableFuture.failedFuture(Status.RESOURCE_EXHAUSTED.withDescription("the leader is making "
                    + AT_ONCE + " plans already; try again in a moment").asRuntimeException());
        }
        return leader.planBasis()
                .thenApplyAsync(basis -> JobPlanner.plan(basis, spec, owner, commands), planner)
                .whenComplete((plan, failure) -> admitted.release());
    }

    private CompletableFuture<JobPlan> forward(JobSpec spec, String owner) {
        Optional<String> leader = replica.leaderId().map(id -> replica.config().peer(id)).map(PeerAddress::grpcAddress);
        if (leader.isEmpty()) {
            return unavailable("no leader is known yet; try again");
        }
        CompletableFuture<JobPlan> out = new CompletableFuture<>();
        JobServiceGrpc.newStub(peers.to(leader.get()))
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(ForwardedCalls.headers(owner)))
                .withDeadlineAfter(FORWARDED_FOR_AT_MOST.toMillis(), TimeUnit.MILLISECONDS)
                .planJob(PlanJobRequest.newBuilder().setSpec(spec).build(), new StreamObserver<>() {
                    @Override
                    public void onNext(JobPlan plan) {
                        out.complete(plan);
                    }

                    @Override
                    public void onError(Throwable t) {
                        out.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        out.completeExceptionally(Status.INTERNAL.withDescription("the leader answered no plan")
                                .asRuntimeException()); // a no-op once onNext completed it
                    }
                });
        return out;
    }

    private static CompletableFuture<JobPlan> unavailable(String why) {
        return CompletableFuture.failedFuture(Status.UNAVAILABLE.withDescription(why).asRuntimeException());
    }

    @Override
    public void close() {
        planner.shutdownNow();
    }
}
