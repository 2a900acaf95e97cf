package borgcell.master.api;

import borgcell.api.v1.ControlRolloutRequest;
import borgcell.api.v1.Endpoints;
import borgcell.api.v1.GetJobRequest;
import borgcell.api.v1.JobHistory;
import borgcell.api.v1.RevertJobRequest;
import borgcell.api.v1.UpdateJobRequest;
import borgcell.api.v1.raft.RolloutControlCommand;
import borgcell.api.v1.GetTaskLogsRequest;
import borgcell.api.v1.Job;
import borgcell.api.v1.JobPlan;
import borgcell.api.v1.JobServiceGrpc;
import borgcell.api.v1.JobSpec;
import borgcell.api.v1.JobState;
import borgcell.api.v1.KillJobRequest;
import borgcell.api.v1.KillJobResponse;
import borgcell.api.v1.ListJobsRequest;
import borgcell.api.v1.ListJobsResponse;
import borgcell.api.v1.LogChunk;
import borgcell.api.v1.PendingTask;
import borgcell.api.v1.PlanJobRequest;
import borgcell.api.v1.SubmitJobRequest;
import borgcell.api.v1.SubmitJobResponse;
import borgcell.api.v1.TaskUsageList;
import borgcell.api.v1.WhyPendingResponse;
import borgcell.api.v1.raft.Command;
import borgcell.api.v1.raft.CommandError;
import borgcell.api.v1.raft.CommandResult;
import borgcell.api.v1.raft.Query;
import borgcell.api.v1.raft.QueryResult;
import borgcell.cell.CellError;
import borgcell.cell.CellQueries;
import borgcell.cell.Commands;
import borgcell.cell.JobSpecValidator;
import borgcell.cell.PendingDryRun;
import borgcell.master.access.Access;
import borgcell.master.raft.RaftReplica;
import borgcell.trust.Action;
import borgcell.trust.Callers;
import borgcell.trust.Identity;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The public job API. Writes go through Raft from whichever replica took the call. */
public final class JobServiceImpl extends JobServiceGrpc.JobServiceImplBase {
    private static final int MAX_REQUEST_ID = 128;
    private final RaftReplica replica;
    private final Commands commands;
    private final JobWatcher watcher;
    private final EndpointsWatcher endpoints;
    private final TaskUsageReads usage;
    private final Timer submitLatency;
    private final TaskLogStreamer logs;
    private final Access access;
    private final PendingDryRun whyPending = new PendingDryRun();
    private final JobPlans plans;
    private final Map<Status.Code, Counter> rejected = new EnumMap<>(Status.Code.class);

    public JobServiceImpl(RaftReplica replica, Commands commands, JobWatcher watcher, EndpointsWatcher endpoints,
                          TaskUsageReads usage, TaskLogStreamer logs, Access access, JobPlans plans, MeterRegistry registry) {
        this.replica = replica;
        this.endpoints = endpoints;
        this.plans = plans;
        this.access = access;
        this.usage = usage;
        this.commands = commands;
        this.watcher = watcher;
        this.logs = logs;
        this.submitLatency = Timer.builder("borg.submit.duration")
                .description("SubmitJob latency on this replica, through Raft, until the job is applied")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        // Made up front, so dashboards and alerts find every reason at zero before the first refusal.
        for (Status.Code code : List.of(Status.Code.INVALID_ARGUMENT, Status.Code.ALREADY_EXISTS,
                Status.Code.RESOURCE_EXHAUSTED, Status.Code.FAILED_PRECONDITION, Status.Code.UNAVAILABLE)) {
            rejected.put(code, Counter.builder("borg.submit.rejected").tag("reason", code.name().toLowerCase())
                    .description("SubmitJob and UpdateJob calls refused, by gRPC status (resource_exhausted: over quota)")
                    .register(registry));
        }
    }

    private void countRejection(Throwable t) {
        Counter c = rejected.get(Statuses.of(t).getStatus().getCode());
        if (c != null) {
            c.increment();
        }
    }

    @Override
    public void submitJob(SubmitJobRequest request, StreamObserver<SubmitJobResponse> out) {
        JobSpec spec = request.getSpec();
        if (!validSubmission(request.getRequestId(), spec, out)) {
            return;
        }
        Optional<Identity> caller = Callers.current();
        String target = "job " + spec.getName();
        // A spec's user is whose quota it draws on and whose its tasks run as: the caller's own, unless an admin's.
        if (!Permits.permitted(access, Action.SUBMIT_JOB, target, spec.getUser(), out)) {
            return;
        }
        String requestId = request.getRequestId().isEmpty() ? UUID.randomUUID().toString() : request.getRequestId();
        Command command = commands.submitJob(requestId, spec, access.ownerLimit(caller));
        Timer.Sample sample = Timer.start();
        Answers.command(replica.propose(command).whenComplete((r, t) -> {
            sample.stop(submitLatency);
            if (t != null) {
                countRejection(t);
            } else if (r.hasError()) {
                countRejection(Statuses.of(r.getError()));
                noteCellDenial(caller, Action.SUBMIT_JOB, target, r);
            }
        }), out, r -> SubmitJobResponse.newBuilder()
                .setJob(r.getJob()).setDuplicate(r.getDuplicate()).build());
    }

    /**
     * A dry run of submitting the spec, made by the leader (see {@link JobPlans}). Whoever may
     * submit it may plan it; a spec the cell would refuse, invalid ones included, is answered
     * with the refusal as the plan, and nothing is written.
     */
    @Override
    public void planJob(PlanJobRequest request, StreamObserver<JobPlan> out) {
        JobSpec spec = request.getSpec();
        try {
            JobSpecValidator.validate(spec);
        } catch (CellError e) {
            out.onNext(JobPlan.newBuilder().setJob(spec.getName()).addRefused(e.getMessage()).build());
            out.onCompleted();
            return;
        }
        // A follower forwarding its caller's plan checked that caller; anyone else is checked here, as for a submit.
        Optional<String> forwardedFor = ForwardedCalls.owner();
        if (forwardedFor.isEmpty() && !Permits.permitted(access, Action.SUBMIT_JOB, "job " + spec.getName(), spec.getUser(), out)) {
            return;
        }
        String owner = forwardedFor.orElseGet(() -> access.ownerLimit(Callers.current()));
        plans.plan(spec, owner, forwardedFor.isPresent()).whenComplete((plan, failure) -> {
            if (failure != null) {
                Statuses.fail(out, failure);
            } else {
                out.onNext(plan);
                out.onCompleted();
            }
        });
    }

    @Override
    public void getJob(GetJobRequest request, StreamObserver<Job> out) {
        if (!validName(request.getName(), out)) {
            return;
        }
        Answers.queryThen(replica.query(Query.newBuilder().setGetJob(request.getName()).build()), out,
                r -> usage.withUsage(r.getJob()).thenAccept(job -> {
                    out.onNext(job);
                    out.onCompleted();
                }));
    }

    @Override
    public void getTaskUsage(GetJobRequest request, StreamObserver<TaskUsageList> out) {
        if (!validName(request.getName(), out)) {
            return;
        }
        if (!replica.isLeader()) {
            out.onError(Statuses.notLeader(replica));
            return;
        }
        // The leader's own state: usage is as fresh as its last heartbeats, no read index needed.
        QueryResult read = replica.stateMachine().read(c -> CellQueries.answer(c, Query.newBuilder()
                .setGetJob(request.getName()).build()));
        if (read.hasError()) {
            out.onError(Statuses.of(read.getError()));
            return;
        }
        out.onNext(usage.held(read.getJob()));
        out.onCompleted();
    }

    @Override
    public void listJobs(ListJobsRequest request, StreamObserver<ListJobsResponse> out) {
        Answers.query(replica.query(Query.newBuilder().setListJobs(true).build()), out,
                r -> ListJobsResponse.newBuilder().addAllJobs(r.getJobs().getJobsList()).build());
    }

    @Override
    public void killJob(KillJobRequest request, StreamObserver<KillJobResponse> out) {
        if (!validName(request.getName(), out)) {
            return;
        }
        Optional<Identity> caller = Callers.current();
        String target = "job " + request.getName();
        // Whose job it is, the cell checks as it applies the kill: no read-then-write race.
        if (!Permits.permitted(access, Action.KILL_JOB, target, null, out)) {
            return;
        }
        Command command = commands.killJob(request.getName(), access.ownerLimit(caller),
                caller.map(Identity::toString).orElse(""));
        Answers.command(replica.propose(command).whenComplete((r, t) -> {
            if (r != null) {
                noteCellDenial(caller, Action.KILL_JOB, target, r);
            }
        }), out, r -> KillJobResponse.newBuilder().setJob(r.getJob()).build());
    }

    @Override
    public void updateJob(UpdateJobRequest request, StreamObserver<SubmitJobResponse> out) {
        if (!request.getName().isEmpty() && !validName(request.getName(), out)) {
            return;
        }
        JobSpec spec = request.getSpec();
        if (!validSubmission(request.getRequestId(), spec, out)) {
            return;
        }
        Optional<Identity> caller = Callers.current();
        String target = "job " + spec.getName();
        if (!Permits.permitted(access, Action.SUBMIT_JOB, target, spec.getUser(), out)) {
            return;
        }
        String requestId = request.getRequestId().isEmpty() ? UUID.randomUUID().toString() : request.getRequestId();
        Command command = commands.updateJob(requestId, request.getName(), spec, request.getCreate(),
                access.ownerLimit(caller), caller.map(Identity::toString).orElse(""));
        proposeAndAnswer(caller, target, command, out, r -> SubmitJobResponse.newBuilder()
                .setJob(r.getJob()).setDuplicate(r.getDuplicate()).build());
    }

    @Override
    public void revertJob(RevertJobRequest request, StreamObserver<Job> out) {
        if (!validName(request.getName(), out)) {
            return;
        }
        if (request.getVersion() < 1) {
            out.onError(Status.INVALID_ARGUMENT.withDescription("version: must be 1 or more (got " + request.getVersion()
                    + ")").asRuntimeException());
            return;
        }
        Optional<Identity> caller = Callers.current();
        String target = "job " + request.getName();
        // Whose job it is, the cell checks as it applies the change, as for a kill.
        if (!Permits.permitted(access, Action.SUBMIT_JOB, target, null, out)) {
            return;
        }
        proposeAndAnswer(caller, target, commands.revertJob(request.getName(), request.getVersion(),
                access.ownerLimit(caller), caller.map(Identity::toString).orElse("")), out, CommandResult::getJob);
    }

    @Override
    public void controlRollout(ControlRolloutRequest request, StreamObserver<Job> out) {
        if (!validName(request.getName(), out)) {
            return;
        }
        RolloutControlCommand.Action action = RolloutActions.parse(request.getAction());
        if (action == null) {
            out.onError(Status.INVALID_ARGUMENT.withDescription("action: must be one of " + RolloutActions.NAMES
                    + " (got \"" + RolloutActions.clip(request.getAction()) + "\")").asRuntimeException());
            return;
        }
        Optional<Identity> caller = Callers.current();
        String target = "job " + request.getName();
        if (!Permits.permitted(access, Action.SUBMIT_JOB, target, null, out)) {
            return;
        }
        proposeAndAnswer(caller, target, commands.controlRollout(request.getName(), action, access.ownerLimit(caller),
                caller.map(Identity::toString).orElse("")), out, CommandResult::getJob);
    }

    @Override
    public void getJobHistory(GetJobRequest request, StreamObserver<JobHistory> out) {
        if (!validName(request.getName(), out)) {
            return;
        }
        withJob(request.getName(), out, job -> {
            List<Job> past = replica.stateMachine().read(c -> c.pastJobs(request.getName()));
            out.onNext(JobHistory.newBuilder().setJob(request.getName()).setCurrentVersion(job.getCurrentVersion())
                    .addAllVersions(job.getVersionsList()).addAllPast(past).build());
            out.onCompleted();
        });
    }

    /** The request id and the spec checked before anything is proposed; a refusal answers the caller and is counted. */
    private boolean validSubmission(String requestId, JobSpec spec, StreamObserver<?> out) {
        if (requestId.length() > MAX_REQUEST_ID) {
            out.onError(Status.INVALID_ARGUMENT.withDescription("request_id: at most " + MAX_REQUEST_ID + " characters")
                    .asRuntimeException());
            return false;
        }
        try {
            JobSpecValidator.validate(spec);
            return true;
        } catch (CellError e) {
            countRejection(e);
            Statuses.fail(out, e);
            return false;
        }
    }

    /** Proposes a change to a job and answers with what the cell made of it; a refusal for its owner is audited. */
    private <T> void proposeAndAnswer(Optional<Identity> caller, String target, Command command, StreamObserver<T> out,
                                      java.util.function.Function<CommandResult, T> answer) {
        Answers.command(replica.propose(command).whenComplete((r, t) -> {
            if (r != null) {
                noteCellDenial(caller, Action.SUBMIT_JOB, target, r);
            }
        }), out, answer);
    }

    /** A write the cell refused for its owner (another user's job) is a denial like the others. */
    private void noteCellDenial(Optional<Identity> caller, Action action, String target, CommandResult result) {
        if (result.hasError() && result.getError().getCode() == CommandError.Code.PERMISSION_DENIED) {
            access.deniedByCell(caller, action, target, result.getError().getMessage());
        }
    }

    @Override
    public void watchJob(GetJobRequest request, StreamObserver<Job> out) {
        if (!validName(request.getName(), out)) {
            return;
        }
        // The first answer is linearizable (so an unknown job is NOT_FOUND at once); the updates
        // that follow come from this replica's applied state as it advances.
        withJob(request.getName(), out, job -> {
            out.onNext(job);
            if (job.getState() != JobState.JOB_RUNNING) {
                out.onCompleted();
            } else {
                watcher.follow(request.getName(), job.getVersion(), (ServerCallStreamObserver<Job>) out);
            }
        });
    }

    /** A job's ready tasks and where they listen; NOT_FOUND is current, the answer at least as new as the job read. */
    @Override
    public void getEndpoints(GetJobRequest request, StreamObserver<Endpoints> out) {
        if (validName(request.getName(), out)) {
            withJob(request.getName(), out, job -> endpoints.answer(job, out));
        }
    }

    /** The endpoints now, then again whenever they change, until the job ends. */
    @Override
    public void watchEndpoints(GetJobRequest request, StreamObserver<Endpoints> out) {
        if (validName(request.getName(), out)) {
            withJob(request.getName(), out, job -> endpoints.follow(job, (ServerCallStreamObserver<Endpoints>) out));
        }
    }

    @Override
    public void whyPending(GetJobRequest request, StreamObserver<WhyPendingResponse> out) {
        if (!validName(request.getName(), out)) {
            return;
        }
        withJob(request.getName(), out, job -> {
            WhyPendingResponse.Builder answer = WhyPendingResponse.newBuilder().setJob(request.getName());
            for (PendingDryRun.Reason reason : replica.stateMachine().read(c -> whyPending.explain(c, job))) {
                answer.addTasks(PendingTask.newBuilder().setIndex(reason.index()).setReason(reason.reason()));
            }
            out.onNext(answer.build());
            out.onCompleted();
        });
    }

    /**
     * Reads the job linearizably, by this replica (a follower first catches up to the leader's
     * commit), and hands it on: NOT_FOUND is current, and whatever the caller then reads from
     * this replica's state (a dry run, the versions a watch follows) is at least as new as the
     * job. A failure or refusal answers the caller's stream.
     */
    private void withJob(String name, StreamObserver<?> out, java.util.function.Consumer<Job> then) {
        Answers.queryThen(replica.queryHere(Query.newBuilder().setGetJob(name).build()), out, r -> then.accept(r.getJob()));
    }

    @Override
    public void getTaskLogs(GetTaskLogsRequest request, StreamObserver<LogChunk> out) {
        logs.stream(request, (ServerCallStreamObserver<LogChunk>) out);
    }

    private boolean validName(String name, StreamObserver<?> out) {
        if (name.isEmpty() || name.length() > 63) {
            out.onError(Status.INVALID_ARGUMENT.withDescription("name: must be 1-63 characters (got "
                    + name.length() + ")").asRuntimeException());
            return false;
        }
        return true;
    }

}
