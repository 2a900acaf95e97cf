package borgcell.master.api;

import borgcell.api.v1.GetTaskLogsRequest;
import borgcell.api.v1.Job;
import borgcell.master.access.Access;
import borgcell.master.access.AccessDenied;
import borgcell.trust.Action;
import borgcell.trust.Callers;
import borgcell.trust.Identity;
import java.util.Optional;
import borgcell.api.v1.LogChunk;
import borgcell.api.v1.Machine;
import borgcell.api.v1.Task;
import borgcell.api.v1.raft.Query;
import borgcell.api.v1.raft.QueryResult;
import borgcell.cell.Cell;
import borgcell.master.raft.RaftReplica;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * Streams a task's stdout or stderr to a client: the logs stay on the task's machine, and
 * the master fetches byte ranges from that Borglet's HTTP endpoint (as the API server reaches
 * the kubelet for {@code kubectl logs}). With follow, it polls for new output until the task
 * has ended and everything it wrote was sent.
 */
public final class TaskLogStreamer {
    static final long MAX_TAIL = 64L << 20;
    private static final Pattern JOB = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Duration POLL = Duration.ofMillis(300);

    private final RaftReplica replica;
    private final Access access;
    private final HttpClient http;

    /**
     * @param https the replica's own TLS material for the Borglets' HTTPS (they serve task logs
     *     to the cell's replicas alone); empty on a cell started {@code --insecure}
     */
    public TaskLogStreamer(RaftReplica replica, Access access, Optional<SSLContext> https) {
        this.replica = replica;
        this.access = access;
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
        https.ifPresent(http::sslContext);
        this.http = http.build();
    }

    /** Where the output goes: a gRPC stream, or a buffer for one read. */
    private interface Sink {
        boolean cancelled();

        void accept(byte[] data);
    }

    void stream(GetTaskLogsRequest request, ServerCallStreamObserver<LogChunk> out) {
        try {
            validate(request);
            Task task = task(request.getJob(), request.getIndex(), Callers.current());
            String base = logUrl(request, task);
            Thread.ofVirtual().name("logs-" + task.getJob() + "-" + task.getIndex()).start(() -> {
                try {
                    pump(base, request, task, new Sink() {
                        @Override
                        public boolean cancelled() {
                            return out.isCancelled();
                        }

                        @Override
                        public void accept(byte[] data) {
                            out.onNext(LogChunk.newBuilder().setData(ByteString.copyFrom(data)).build());
                        }
                    });
                    if (!out.isCancelled()) {
                        out.onCompleted();
                    }
                } catch (StatusRuntimeException e) {
                    out.onError(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    out.onError(Status.CANCELLED.asRuntimeException());
                } catch (RuntimeException e) {
                    out.onError(Status.INTERNAL.withDescription(e.toString()).asRuntimeException());
                }
            });
        } catch (StatusRuntimeException | AccessDenied e) {
            Statuses.fail(out, e);
        }
    }

    /**
     * What the task has written so far (the last {@code tail_bytes} of it, if set): for the REST API.
     *
     * @param caller who asks: only the job's owner or an admin may read its logs
     */
    public byte[] read(GetTaskLogsRequest request, Optional<Identity> caller) throws InterruptedException {
        GetTaskLogsRequest once = request.toBuilder().setFollow(false).build();
        validate(once);
        Task task = task(once.getJob(), once.getIndex(), caller);
        String base = logUrl(once, task);
        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        pump(base, once, task, new Sink() {
            @Override
            public boolean cancelled() {
                return buffer.size() > MAX_TAIL;
            }

            @Override
            public void accept(byte[] data) {
                buffer.writeBytes(data);
            }
        });
        return buffer.toByteArray();
    }

    private String logUrl(GetTaskLogsRequest request, Task task) {
        String stream = validate(request);
        return borgletUrl(task) + "/logs/" + task.getJob() + "." + task.getIndex() + "." + task.getAttempt() + "/"
                + stream;
    }

    private static String validate(GetTaskLogsRequest r) {
        String stream = r.getStream().isEmpty() ? "stdout" : r.getStream();
        if (!stream.equals("stdout") && !stream.equals("stderr")) {
            throw invalid("stream: must be stdout or stderr (got \"" + r.getStream() + "\")");
        }
        if (r.getTailBytes() < 0 || r.getTailBytes() > MAX_TAIL) {
            throw invalid("tail_bytes: must be between 0 and " + MAX_TAIL + " (got " + r.getTailBytes() + ")");
        }
        return stream;
    }

    private Task task(String job, int index, Optional<Identity> caller) {
        if (!JOB.matcher(job).matches()) {
            throw invalid("job: \"" + job + "\" is not a job name");
        }
        if (index < 0) {
            throw invalid("index: must be >= 0 (got " + index + ")");
        }
        // Read here, so the machine's address read next from this replica's state is as new.
        QueryResult r;
        try {
            r = replica.queryHere(Query.newBuilder().setGetJob(job).build()).orTimeout(15, TimeUnit.SECONDS).join();
        } catch (CompletionException e) {
            // No read index during a leader change: UNAVAILABLE, which clients retry elsewhere.
            throw Statuses.of(e);
        }
        if (r.hasError()) {
            throw Statuses.of(r.getError());
        }
        Job j = r.getJob();
        access.require(caller, Action.READ_LOGS, "job " + job, j.getSpec().getUser());
        if (index >= j.getTasksCount()) {
            throw Status.NOT_FOUND.withDescription("job \"" + job + "\" has no task " + index + " (it has "
                    + j.getTasksCount() + ")").asRuntimeException();
        }
        Task t = j.getTasks(index);
        if (t.getAttempt() == 0 || t.getMachineId().isEmpty()) {
            throw Status.FAILED_PRECONDITION.withDescription("task " + job + "/" + index + " is " + t.getState()
                    + " and has no machine to read logs from").asRuntimeException();
        }
        return t;
    }

    private String borgletUrl(Task t) {
        Machine m = replica.stateMachine().read(c -> c.machine(t.getMachineId())).orElseThrow(() ->
                Status.NOT_FOUND.withDescription("machine \"" + t.getMachineId() + "\" is gone").asRuntimeException());
        if (m.getHttpAddress().isEmpty()) {
            throw Status.FAILED_PRECONDITION.withDescription("the Borglet of machine \"" + m.getId()
                    + "\" serves no logs (started without an HTTP port)").asRuntimeException();
        }
        return m.getHttpAddress();
    }

    private void pump(String base, GetTaskLogsRequest request, Task task, Sink sink) throws InterruptedException {
        long offset = 0;
        if (request.getTailBytes() > 0) {
            offset = Math.max(0, fetch(base, 0, 0).size() - request.getTailBytes());
        }
        while (!sink.cancelled()) {
            Fetched f = fetch(base, offset, 1 << 20);
            if (f.size() < offset) {
                offset = 0; // the file rotated under us: its new content starts at 0
                continue;
            }
            if (f.data().length > 0) {
                sink.accept(f.data());
                offset += f.data().length;
                continue;
            }
            if (!request.getFollow() || ended(task)) {
                return;
            }
            Thread.sleep(POLL);
        }
    }

    /** Ended, or moved on to another attempt: no more output will come to this file. */
    private boolean ended(Task asRequested) {
        return replica.stateMachine().read(c -> c.task(asRequested.getJob(), asRequested.getIndex()))
                .map(t -> Cell.isTerminal(t.getState()) || t.getAttempt() != asRequested.getAttempt())
                .orElse(true);
    }

    private record Fetched(byte[] data, long size) {}

    private Fetched fetch(String base, long offset, int limit) throws InterruptedException {
        HttpResponse<byte[]> r;
        try {
            r = http.send(HttpRequest.newBuilder(URI.create(base + "?offset=" + offset + "&limit=" + limit))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw Status.UNAVAILABLE.withDescription("the Borglet at " + base + " did not answer: " + e)
                    .asRuntimeException();
        }
        if (r.statusCode() == 404) {
            throw Status.NOT_FOUND.withDescription("the Borglet has no such log (" + base + ")").asRuntimeException();
        }
        if (r.statusCode() != 200) {
            throw Status.UNAVAILABLE.withDescription("the Borglet answered " + r.statusCode() + " for " + base)
                    .asRuntimeException();
        }
        long size = r.headers().firstValueAsLong("X-Log-Size").orElse(offset + r.body().length);
        return new Fetched(r.body(), size);
    }

    private static StatusRuntimeException invalid(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
    }
}
