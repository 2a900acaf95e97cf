package borgcell.master.api;

import borgcell.master.access.Access;
import borgcell.trust.Callers;
import borgcell.trust.Role;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.Optional;

/**
 * A call one replica makes to another for its own caller: a follower forwarding PlanJob to the
 * leader, having checked its caller itself. Whom that caller may act for rides in a header,
 * taken from a replica alone (replicas write the cell's log already), or on a cell that checks
 * nobody; anyone else's header is ignored and the call is checked as its own.
 */
public final class ForwardedCalls implements ServerInterceptor {
    private static final Metadata.Key<String> OWNER = Metadata.Key.of("borg-forwarded-owner", Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<String> FORWARDED_OWNER = Context.key("borg-forwarded-owner");
    /** No user is spelled so: the caller acts for anyone (an admin). */
    private static final String ANYONE = "*";

    private final Access access;

    public ForwardedCalls(Access access) {
        this.access = access;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        String owner = headers.get(OWNER);
        boolean fromAReplica = !access.enforced() || Callers.current().map(c -> c.role() == Role.REPLICA).orElse(false);
        if (owner == null || !fromAReplica) {
            return next.startCall(call, headers);
        }
        return Contexts.interceptCall(Context.current().withValue(FORWARDED_OWNER, owner), call, headers, next);
    }

    /**
     * For a call a replica forwarded: the user its caller may act for alone, empty for anyone
     * (as {@link Access#ownerLimit} says); empty when the call was not forwarded.
     */
    static Optional<String> owner() {
        return Optional.ofNullable(FORWARDED_OWNER.get()).map(o -> o.equals(ANYONE) ? "" : o);
    }

    /** The headers that forward a call for a caller who may act for {@code owner} alone (empty: anyone). */
    static Metadata headers(String owner) {
        Metadata headers = new Metadata();
        headers.put(OWNER, owner.isEmpty() ? ANYONE : owner);
        return headers;
    }
}
