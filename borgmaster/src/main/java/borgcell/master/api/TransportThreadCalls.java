package borgcell.master.api;

import borgcell.api.v1.JobServiceGrpc;
import borgcell.api.v1.MachineLinkGrpc;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The calls a replica handles on gRPC's transport thread instead of handing them to its
 * executor: those whose handlers only check their input and queue work (a heartbeat into
 * {@link Batches}, a write into Raft's group commit), never waiting for a lock, a read or Raft.
 * A hop to the executor costs a thread wake-up per call, and on our two-core hosts wake-ups
 * are what the write path spends its CPU on: thousands of heartbeats a second, hundreds of
 * submits. Every other call (reads that wait for Raft, log streams, watches) keeps the default
 * executor.
 */
public final class TransportThreadCalls implements ServerCallExecutorSupplier {
    private static final Set<String> METHODS = Stream.of(
                    MachineLinkGrpc.getHeartbeatMethod(),
                    JobServiceGrpc.getSubmitJobMethod(),
                    JobServiceGrpc.getKillJobMethod())
            .map(MethodDescriptor::getFullMethodName)
            .collect(Collectors.toUnmodifiableSet());

    @Override
    public <Q, A> Executor getExecutor(ServerCall<Q, A> call, Metadata headers) {
        return METHODS.contains(call.getMethodDescriptor().getFullMethodName()) ? MoreExecutors.directExecutor() : null;
    }
}
