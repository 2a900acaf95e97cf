package borgcell.cli.client;

import borgcell.api.v1.CellServiceGrpc;
import borgcell.api.v1.JobServiceGrpc;
import borgcell.api.v1.TokenServiceGrpc;
import borgcell.trust.MutualTls;
import borgcell.trust.TlsFiles;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Calls the BorgMaster on whichever replica answers. Each call gets a deadline; when a
 * replica is unreachable the same request goes to the next one (any replica serves the
 * API and forwards writes to the leader). The replica that answered last is tried first.
 */
public final class CellClient implements AutoCloseable {

    /** Which failures a call may be repeated on another replica after. */
    public enum Retry {
        /** Reads and idempotent writes (SubmitJob with its request id): UNAVAILABLE and DEADLINE_EXCEEDED. */
        IDEMPOTENT,
        /** Other writes: only UNAVAILABLE, when the request most likely never arrived. */
        UNAVAILABLE_ONLY
    }

    private static final int MAX_MESSAGE_BYTES = 64 << 20;
    private static final String CONNECTION_REFUSED = "connection refused";

    private final List<MasterAddress> masters;
    private final Duration deadline;
    private final String source;
    private final boolean defaultMasters;
    private final Optional<TlsFiles> tls;
    private final ManagedChannel[] channels;
    private ChannelCredentials credentials; // read from the files at the first call
    private int preferred;

    public CellClient(MasterEndpoints endpoints, Duration deadline) {
        this.masters = endpoints.addresses();
        this.source = endpoints.source();
        this.defaultMasters = endpoints.isDefault();
        this.deadline = deadline;
        this.tls = endpoints.tls();
        this.channels = new ManagedChannel[masters.size()];
    }

    public <T> T jobs(Retry retry, Function<JobServiceGrpc.JobServiceBlockingStub, T> call) {
        return call(retry, channel -> call.apply(JobServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)));
    }

    public <T> T tokens(Retry retry, Function<TokenServiceGrpc.TokenServiceBlockingStub, T> call) {
        return call(retry, channel -> call.apply(TokenServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)));
    }

    public <T> T cell(Retry retry, Function<CellServiceGrpc.CellServiceBlockingStub, T> call) {
        return call(retry, channel -> call.apply(CellServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)));
    }

    private synchronized <T> T call(Retry retry, Function<ManagedChannel, T> call) {
        // Every replica once, then a second round after a pause: an election takes a moment.
        int attempts = masters.size() == 1 ? 2 : masters.size() * 2;
        List<String> failures = new ArrayList<>();
        StatusRuntimeException last = null;
        int refused = 0;
        for (int attempt = 0; attempt < attempts; attempt++) {
            int index = (preferred + attempt) % masters.size();
            if (attempt > 0 && attempt % masters.size() == 0) {
                // Every replica refusing the connection is no election but a cell that is not running.
                if (refused == masters.size()) {
                    break;
                }
                pause(Duration.ofMillis(300));
            }
            try {
                T result = call.apply(channel(index));
                preferred = index;
                return result;
            } catch (StatusRuntimeException e) {
                Status.Code code = e.getStatus().getCode();
                boolean retryable = code == Status.Code.UNAVAILABLE
                        || (retry == Retry.IDEMPOTENT && code == Status.Code.DEADLINE_EXCEEDED);
                if (!retryable) {
                    throw e;
                }
                last = e;
                String reason = reason(e);
                if (attempt < masters.size() && reason.equals(CONNECTION_REFUSED)) {
                    refused++;
                }
                failures.add(masters.get(index) + " (" + reason + ")");
            }
        }
        throw exhausted(last, failures);
    }

    private StatusRuntimeException exhausted(StatusRuntimeException last, List<String> failures) {
        List<String> distinct = failures.stream().distinct().toList();
        String hint = defaultMasters
                ? "; is a cell running? start one with `borg up`, or pass --master HOST:PORT"
                : " (masters from " + source + ")";
        return last.getStatus()
                .withDescription("no BorgMaster answered: " + String.join(", ", distinct) + hint)
                .asRuntimeException();
    }

    private static String reason(StatusRuntimeException e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String description = e.getStatus().getDescription();
        if (root != e && root.getMessage() != null) {
            String message = root.getMessage();
            return message.contains("Connection refused") ? CONNECTION_REFUSED : message;
        }
        if (e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
            return "no answer within the deadline";
        }
        return description == null ? e.getStatus().getCode().toString() : description;
    }

    private ManagedChannel channel(int index) {
        if (channels[index] == null) {
            MasterAddress address = masters.get(index);
            channels[index] = Grpc.newChannelBuilderForAddress(address.host(), address.port(), credentials())
                    .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                    .build();
        }
        return channels[index];
    }

    /** @throws StatusRuntimeException UNAUTHENTICATED naming the file when the client's own are unusable */
    private ChannelCredentials credentials() {
        if (credentials == null) {
            try {
                credentials = tls.map(MutualTls::clientOnce).orElseGet(InsecureChannelCredentials::create);
            } catch (IllegalArgumentException e) {
                throw Status.UNAUTHENTICATED.withDescription(e.getMessage()).asRuntimeException();
            }
        }
        return credentials;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
        }
    }

    @Override
    public synchronized void close() {
        for (ManagedChannel channel : channels) {
            if (channel != null) {
                channel.shutdownNow();
            }
        }
        for (ManagedChannel channel : channels) {
            if (channel != null) {
                try {
                    channel.awaitTermination(2, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
