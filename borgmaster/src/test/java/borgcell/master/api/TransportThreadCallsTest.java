package borgcell.master.api;

import static org.assertj.core.api.Assertions.assertThat;

import borgcell.api.v1.CellServiceGrpc;
import borgcell.api.v1.JobServiceGrpc;
import borgcell.api.v1.MachineLinkGrpc;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

/** Which calls skip gRPC's executor: only those whose handlers never wait. */
class TransportThreadCallsTest {
    private final TransportThreadCalls calls = new TransportThreadCalls();

    @Test
    void heartbeatsSubmitsAndKillsRunOnTheTransportThread() {
        assertThat(calls.getExecutor(call(MachineLinkGrpc.getHeartbeatMethod()), new Metadata()))
                .isSameAs(MoreExecutors.directExecutor());
        assertThat(calls.getExecutor(call(JobServiceGrpc.getSubmitJobMethod()), new Metadata()))
                .isSameAs(MoreExecutors.directExecutor());
        assertThat(calls.getExecutor(call(JobServiceGrpc.getKillJobMethod()), new Metadata()))
                .isSameAs(MoreExecutors.directExecutor());
    }

    @Test
    void callsThatWaitForReadsOrStreamKeepTheDefaultExecutor() {
        for (MethodDescriptor<?, ?> waits : new MethodDescriptor<?, ?>[] {JobServiceGrpc.getGetJobMethod(),
                JobServiceGrpc.getWatchJobMethod(), JobServiceGrpc.getWhyPendingMethod(),
                JobServiceGrpc.getGetTaskLogsMethod(), MachineLinkGrpc.getRegisterMethod(),
                CellServiceGrpc.getGetCellMethod()}) {
            assertThat(calls.getExecutor(call(waits), new Metadata())).as(waits.getFullMethodName()).isNull();
        }
    }

    private static <Q, A> ServerCall<Q, A> call(MethodDescriptor<Q, A> method) {
        return new ServerCall<>() {
            @Override public void request(int numMessages) { }
            @Override public void sendHeaders(Metadata headers) { }
            @Override public void sendMessage(A message) { }
            @Override public void close(Status status, Metadata trailers) { }
            @Override public boolean isCancelled() { return false; }
            @Override public MethodDescriptor<Q, A> getMethodDescriptor() { return method; }
            @Override public Attributes getAttributes() { return Attributes.EMPTY; }
        };
    }
}
