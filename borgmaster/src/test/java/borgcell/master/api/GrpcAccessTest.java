package borgcell.master.api;

import static org.assertj.core.api.Assertions.assertThat;

import borgcell.api.v1.CellServiceGrpc;
import borgcell.api.v1.JobServiceGrpc;
import borgcell.api.v1.MachineLinkGrpc;
import borgcell.api.v1.TokenServiceGrpc;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import java.util.List;
import org.junit.jupiter.api.Test;

class GrpcAccessTest {
    @Test
    void everyMethodAReplicaServesHasAnAccessRule() {
        List<ServiceDescriptor> served = List.of(JobServiceGrpc.getServiceDescriptor(), CellServiceGrpc.getServiceDescriptor(),
                MachineLinkGrpc.getServiceDescriptor(), TokenServiceGrpc.getServiceDescriptor());
        List<String> methods = served.stream().flatMap(s -> s.getMethods().stream()).map(MethodDescriptor::getFullMethodName)
                .toList();

        assertThat(GrpcAccess.ACTIONS.keySet()).containsExactlyInAnyOrderElementsOf(methods);
    }
}
