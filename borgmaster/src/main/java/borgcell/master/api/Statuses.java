package borgcell.master.api;

import borgcell.api.v1.NotLeader;
import borgcell.api.v1.raft.CommandError;
import borgcell.cell.CellError;
import borgcell.master.access.AccessDenied;
import borgcell.master.raft.PeerAddress;
import borgcell.master.raft.RaftReplica;
import borgcell.master.raft.RaftUnavailableException;
import com.google.protobuf.Any;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns the cell's refusals and Raft's failures into gRPC statuses with a human message. */
final class Statuses {
    private Statuses() {}

    static StatusRuntimeException of(CommandError e) {
        Status s = switch (e.getCode()) {
            case INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
            case NOT_FOUND -> Status.NOT_FOUND;
            case ALREADY_EXISTS -> Status.ALREADY_EXISTS;
            case FAILED_PRECONDITION -> Status.FAILED_PRECONDITION;
            case RESOURCE_EXHAUSTED -> Status.RESOURCE_EXHAUSTED;
            case PERMISSION_DENIED -> Status.PERMISSION_DENIED;
            default -> Status.INTERNAL;
        };
        return s.withDescription(e.getMessage()).asRuntimeException();
    }

    static StatusRuntimeException of(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof StatusRuntimeException s) {
            return s;
        }
        if (t instanceof CellError e) {
            return of(e.toProto());
        }
        if (t instanceof AccessDenied denied) {
            return (denied.unauthenticated() ? Status.UNAUTHENTICATED : Status.PERMISSION_DENIED)
                    .withDescription(denied.getMessage()).asRuntimeException();
        }
        if (t instanceof RaftUnavailableException || t instanceof java.io.IOException
                || t.getClass().getName().startsWith("org.apache.ratis")) {
            return Status.UNAVAILABLE.withDescription("the cell's Raft group did not answer: " + t.getMessage())
                    .asRuntimeException();
        }
        return Status.INTERNAL.withDescription(t.toString()).asRuntimeException();
    }

    /**
     * FAILED_PRECONDITION for a call only the leader serves: a sentence for people, and the
     * leader's gRPC address as a {@link NotLeader} detail for programs (the Borglet moves on to it).
     */
    static StatusRuntimeException notLeader(RaftReplica replica) {
        String leader = replica.leaderId().map(id -> replica.config().peer(id)).map(PeerAddress::grpcAddress).orElse("");
        String message = "not the leader; " + (leader.isEmpty() ? "no leader is known yet" : "leader is " + leader);
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(Status.Code.FAILED_PRECONDITION.value()).setMessage(message)
                .addDetails(Any.pack(NotLeader.newBuilder().setLeaderAddress(leader).build())).build());
    }

    static void fail(StreamObserver<?> observer, Throwable t) {
        observer.onError(of(t));
    }
}
