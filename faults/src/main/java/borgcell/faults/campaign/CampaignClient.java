package borgcell.faults.campaign;

import borgcell.api.v1.GetJobRequest;
import borgcell.api.v1.JobServiceGrpc;
import borgcell.api.v1.JobSpec;
import borgcell.api.v1.KillJobRequest;
import borgcell.api.v1.ListJobsRequest;
import borgcell.api.v1.SubmitJobRequest;
import borgcell.api.v1.SubmitJobResponse;
import borgcell.faults.history.History;
import borgcell.faults.history.JobView;
import borgcell.faults.history.OpKind;
import borgcell.faults.history.Operation;
import borgcell.faults.history.Outcome;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One campaign client: calls any replica, moves to the next when one fails, repeats a call with
 * the same request id until it has an answer or its time is up, and records the whole logical
 * call (first invoke to last answer) in the {@link History}. Not thread-safe: one per thread.
 */
final class CampaignClient implements AutoCloseable {

    /** How the first attempt of a call is broken on purpose, to exercise retries with the same id. */
    enum Breakage { NONE, DEADLINE, CHANNEL_SHUTDOWN }

    /** Refusals that are final answers: repeating the call would get the same. */
    private static final List<Status.Code> DEFINITE = List.of(Status.Code.INVALID_ARGUMENT, Status.Code.ALREADY_EXISTS,
            Status.Code.FAILED_PRECONDITION, Status.Code.RESOURCE_EXHAUSTED, Status.Code.PERMISSION_DENIED);
    private static final int MAX_MESSAGE_BYTES = 64 << 20;

    private final String name;
    private final History history;
    private final List<CellControl.ReplicaEndpoint> replicas;
    private final ManagedChannel[] channels;
    private final Duration attemptDeadline;
    private final Duration callBudget;
    private final Consumer<JobView> observer;
    private final ScheduledExecutorService breaker;
    private int next;

    /**
     * @param observer sees every job view an answer carried, tasks included (placements are
     *     checked from them; the history keeps list answers without tasks, to stay small)
     */
    CampaignClient(String name, History history, List<CellControl.ReplicaEndpoint> replicas, Duration attemptDeadline,
                   Duration callBudget, int firstReplica, Consumer<JobView> observer) {
        this.name = name;
        this.history = history;
        this.replicas = List.copyOf(replicas);
        this.channels = new ManagedChannel[replicas.size()];
        this.attemptDeadline = attemptDeadline;
        this.callBudget = callBudget;
        this.next = Math.floorMod(firstReplica, replicas.size());
        this.observer = observer;
        this.breaker = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name(name + "-breaker").unstarted(r));
    }

    Operation submit(String job, String requestId, JobSpec spec, Breakage breakage, int breakAfterMillis) {
        SubmitJobRequest request = SubmitJobRequest.newBuilder().setRequestId(requestId).setSpec(spec).build();
        return call(OpKind.SUBMIT, job, requestId, breakage, breakAfterMillis, stub -> {
            SubmitJobResponse r = stub.submitJob(request);
            return answered(r.getJob(), r.getDuplicate());
        });
    }

    Operation kill(String job) {
        return call(OpKind.KILL, job, "", Breakage.NONE, 0,
                stub -> answered(stub.killJob(KillJobRequest.newBuilder().setName(job).build()).getJob(), false));
    }

    Operation get(String job) {
        return call(OpKind.GET, job, "", Breakage.NONE, 0,
                stub -> answered(stub.getJob(GetJobRequest.newBuilder().setName(job).build()), false));
    }

    Operation list() {
        return call(OpKind.LIST, "", "", Breakage.NONE, 0, stub -> {
            Map<String, JobView> jobs = new LinkedHashMap<>();
            for (var job : stub.listJobs(ListJobsRequest.getDefaultInstance()).getJobsList()) {
                JobView view = JobView.of(job);
                observer.accept(view);
                jobs.put(view.name(), new JobView(view.name(), view.life(), view.version(), view.submittedMillis(),
                        view.requestId(), List.of()));
            }
            return new Outcome.Listed(jobs);
        });
    }

    private Outcome answered(borgcell.api.v1.Job job, boolean duplicate) {
        JobView view = JobView.of(job);
        observer.accept(view);
        return new Outcome.Answered(view, duplicate);
    }

    private Operation call(OpKind kind, String job, String requestId, Breakage breakage, int breakAfterMillis,
                           Function<JobServiceGrpc.JobServiceBlockingStub, Outcome> attempt) {
        long id = history.nextId();
        long invoked = System.nanoTime();
        long giveUpAt = invoked + callBudget.toNanos();
        List<String> errors = new ArrayList<>();
        Outcome outcome = null;
        String lastError = "no attempt";
        // Bounded in count as well as time: a replica that refuses at once must not spin us.
        for (int tries = 0; tries < 200 && System.nanoTime() < giveUpAt; tries++) {
            int replica = next;
            ManagedChannel broken = null;
            try {
                JobServiceGrpc.JobServiceBlockingStub stub;
                if (tries == 0 && breakage == Breakage.CHANNEL_SHUTDOWN) {
                    broken = channel(replicas.get(replica));
                    ManagedChannel doomed = broken;
                    breaker.schedule(doomed::shutdownNow, breakAfterMillis, TimeUnit.MILLISECONDS);
                    stub = JobServiceGrpc.newBlockingStub(broken).withDeadlineAfter(attemptDeadline.toMillis(), TimeUnit.MILLISECONDS);
                } else {
                    long deadline = tries == 0 && breakage == Breakage.DEADLINE ? breakAfterMillis : attemptDeadline.toMillis();
                    stub = JobServiceGrpc.newBlockingStub(channel(replica)).withDeadlineAfter(deadline, TimeUnit.MILLISECONDS);
                }
                outcome = attempt.apply(stub);
                break;
            } catch (StatusRuntimeException e) {
                Status.Code code = e.getStatus().getCode();
                if (code == Status.Code.NOT_FOUND) {
                    outcome = new Outcome.NotFound();
                    break;
                }
                if (DEFINITE.contains(code)) {
                    outcome = new Outcome.Refused(code.name(), String.valueOf(e.getStatus().getDescription()));
                    break;
                }
                errors.add(replicas.get(replica).id() + " " + code.name() + " +" + (System.nanoTime() - invoked) / 1_000_000 + " ms");
                lastError = code + " from " + replicas.get(replica).id() + ": " + e.getStatus().getDescription();
                next = (next + 1) % replicas.size();
                pause(tries < replicas.size() ? 20 : 200);
            } finally {
                if (broken != null) {
                    broken.shutdownNow();
                }
            }
        }
        long completed = System.nanoTime();
        Operation op = new Operation(id, name, kind, job, requestId, invoked, completed,
                outcome == null ? new Outcome.Unknown(lastError) : outcome, errors);
        history.add(op);
        return op;
    }

    private ManagedChannel channel(int index) {
        if (channels[index] == null || channels[index].isShutdown()) {
            channels[index] = channel(replicas.get(index));
        }
        return channels[index];
    }

    private static ManagedChannel channel(CellControl.ReplicaEndpoint replica) {
        return replica.channel().maxInboundMessageSize(MAX_MESSAGE_BYTES).build();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        breaker.shutdownNow();
        for (ManagedChannel channel : channels) {
            if (channel != null) {
                channel.shutdownNow();
            }
        }
    }
}
