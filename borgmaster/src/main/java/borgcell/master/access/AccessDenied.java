package borgcell.master.access;

/**
 * A call refused for who made it: no identity at all ({@link #unauthenticated()}, gRPC
 * UNAUTHENTICATED, HTTP 401) or one whose role or ownership does not reach (PERMISSION_DENIED,
 * 403). The message names what was missing; nothing was changed.
 */
public final class AccessDenied extends RuntimeException {
    private final boolean unauthenticated;

    AccessDenied(String message, boolean unauthenticated) {
        super(message, null, false, false);
        this.unauthenticated = unauthenticated;
    }

    public boolean unauthenticated() {
        return unauthenticated;
    }
}
