package borgcell.master.api;

import borgcell.master.access.Access;
import borgcell.master.access.AccessDenied;
import borgcell.trust.Action;
import borgcell.trust.Callers;
import io.grpc.stub.StreamObserver;

/** A service's check of the call's caller against what it names, answering the call when refused. */
final class Permits {
    private Permits() {}

    /**
     * Whether the caller of the call being served may do {@code action} on {@code target}
     * (owned by {@code owner}, or null); when not, {@code out} is answered with the refusal.
     */
    static boolean permitted(Access access, Action action, String target, String owner, StreamObserver<?> out) {
        try {
            access.require(Callers.current(), action, target, owner);
            return true;
        } catch (AccessDenied denied) {
            Statuses.fail(out, denied);
            return false;
        }
    }
}
