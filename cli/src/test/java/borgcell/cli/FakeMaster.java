package borgcell.cli;

import borgcell.api.v1.CellInfo;
import borgcell.api.v1.CellServiceGrpc;
import borgcell.api.v1.Endpoints;
import borgcell.api.v1.GetCellRequest;
import borgcell.api.v1.GetJobRequest;
import borgcell.api.v1.Job;
import borgcell.api.v1.JobServiceGrpc;
import borgcell.api.v1.SubmitJobRequest;
import borgcell.api.v1.SubmitJobResponse;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A BorgMaster stand-in on a free loopback port: keeps submitted jobs in a map, or answers
 * everything UNAVAILABLE like a replica that cannot reach its leader.
 */
public final class FakeMaster implements AutoCloseable {

    public final List<String> submitRequestIds = new CopyOnWriteArrayList<>();
    public final Map<String, Job> jobs = new ConcurrentHashMap<>();
    /** Per job, what WatchEndpoints streams in turn; GetEndpoints answers the last. */
    public final Map<String, List<Endpoints>> endpoints = new ConcurrentHashMap<>();
    private final boolean unavailable;
    private final Server server;

    public FakeMaster(boolean unavailable) throws IOException {
        this.unavailable = unavailable;
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .addService(new Jobs())
                .addService(new Cell())
                .build()
                .start();
    }

    public String address() {
        return "127.0.0.1:" + server.getPort();
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private final class Jobs extends JobServiceGrpc.JobServiceImplBase {
        @Override
        public void submitJob(SubmitJobRequest request, StreamObserver<SubmitJobResponse> response) {
            submitRequestIds.add(request.getRequestId());
            if (unavailable) {
                response.onError(Status.UNAVAILABLE.withDescription("no leader").asRuntimeException());
                return;
            }
            Job job = Job.newBuilder().setSpec(request.getSpec()).setRequestId(request.getRequestId()).build();
            jobs.put(request.getSpec().getName(), job);
            response.onNext(SubmitJobResponse.newBuilder().setJob(job).build());
            response.onCompleted();
        }

        @Override
        public void getEndpoints(GetJobRequest request, StreamObserver<Endpoints> response) {
            List<Endpoints> known = endpoints.get(request.getName());
            if (known == null) {
                response.onError(Status.NOT_FOUND.withDescription("job \"" + request.getName() + "\" not found").asRuntimeException());
                return;
            }
            response.onNext(known.getLast());
            response.onCompleted();
        }

        @Override
        public void watchEndpoints(GetJobRequest request, StreamObserver<Endpoints> response) {
            endpoints.getOrDefault(request.getName(), List.of()).forEach(response::onNext);
            response.onCompleted();
        }

        @Override
        public void getJob(GetJobRequest request, StreamObserver<Job> response) {
            Job job = jobs.get(request.getName());
            if (unavailable) {
                response.onError(Status.UNAVAILABLE.withDescription("no leader").asRuntimeException());
            } else if (job == null) {
                response.onError(Status.NOT_FOUND.withDescription("job \"" + request.getName() + "\" not found").asRuntimeException());
            } else {
                response.onNext(job);
                response.onCompleted();
            }
        }
    }

    private final class Cell extends CellServiceGrpc.CellServiceImplBase {
        @Override
        public void getCell(GetCellRequest request, StreamObserver<CellInfo> response) {
            response.onNext(CellInfo.newBuilder().setLeaderId("r1").setTerm(1).setAnsweredBy("r1").build());
            response.onCompleted();
        }
    }
}
