package borgcell.master.api;

import borgcell.api.v1.raft.CommandError;
import borgcell.api.v1.raft.CommandResult;
import borgcell.api.v1.raft.QueryResult;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The one way a gRPC call answers what it asked of the Raft group: Raft's failure as a status
 * (UNAVAILABLE when the group did not answer), the cell's refusal as the status its code
 * names, or else the response. Every proposed command and every read goes through here, so
 * none can forget the refusal.
 */
final class Answers {

    private Answers() {}

    /** Answers {@code out} with a proposed command's outcome. */
    static <T> void command(CompletableFuture<CommandResult> result, StreamObserver<T> out,
                            Function<CommandResult, T> toResponse) {
        then(result, out, r -> r.hasError() ? r.getError() : null, r -> respond(out, toResponse.apply(r)));
    }

    /** Answers {@code out} with a read's outcome. */
    static <T> void query(CompletableFuture<QueryResult> result, StreamObserver<T> out, Function<QueryResult, T> toResponse) {
        then(result, out, r -> r.hasError() ? r.getError() : null, r -> respond(out, toResponse.apply(r)));
    }

    /** A read whose success the caller goes on with (a failure or refusal has answered {@code out}). */
    static void queryThen(CompletableFuture<QueryResult> result, StreamObserver<?> out, Consumer<QueryResult> onSuccess) {
        then(result, out, r -> r.hasError() ? r.getError() : null, onSuccess);
    }

    /** A command whose success the caller goes on with (a failure or refusal has answered {@code out}). */
    static void commandThen(CompletableFuture<CommandResult> result, StreamObserver<?> out,
                            Consumer<CommandResult> onSuccess) {
        then(result, out, r -> r.hasError() ? r.getError() : null, onSuccess);
    }

    private static <R> void then(CompletableFuture<R> result, StreamObserver<?> out, Function<R, CommandError> refusal,
                                 Consumer<R> onSuccess) {
        result.whenComplete((r, t) -> {
            if (t != null) {
                Statuses.fail(out, t);
                return;
            }
            CommandError refused = refusal.apply(r);
            if (refused != null) {
                out.onError(Statuses.of(refused));
            } else {
                onSuccess.accept(r);
            }
        });
    }

    private static <T> void respond(StreamObserver<T> out, T response) {
        out.onNext(response);
        out.onCompleted();
    }
}
